package dev.limpet.demo;

/**
 * Renders the demo's node panel for the cart page: every node with its state and a button to stop or start it.
 * The buttons are forms that POST, with this run's token, to the demo's own listener ({@link DemoControlServer}),
 * not to the cart webapp. Everything written is the demo's own text: routes from {@link Demo#ROUTES}, a loopback
 * URL and a base64url token, none of which needs HTML escaping.
 *
 * <p>Thread-safe: reads the demo's state without waiting for node changes.
 */
final class NodePanel {

    private final Demo demo;
    private final DemoControlServer control;

    NodePanel(Demo demo, DemoControlServer control) {
        this.demo = demo;
        this.control = control;
    }

    /**
     * @param servingRoute the route of the node rendering the page
     * @return the panel, one HTML {@code <section id="demo-nodes">}
     */
    String html(String servingRoute) {
        StringBuilder html = new StringBuilder(2048)
                .append("<section id=\"demo-nodes\"><h2>The demo's nodes</h2>\n")
                .append("<p><small>Only the Limpet demo shows this. Stop the node that serves you: the router sends")
                .append(" you to another node, which takes your session over from the shared store - your cart")
                .append(" survives.</small></p>\n<table><tr><th>Node</th><th>State</th><th></th></tr>\n");
        for (String route : Demo.ROUTES) {
            Demo.NodeStatus status = demo.status(route);
            boolean serving = route.equals(servingRoute);
            html.append("<tr id=\"node-").append(route).append("\"><td>").append(route)
                    .append(serving ? " (serving you)" : "").append("</td><td class=\"state\">")
                    .append(describe(status)).append("</td><td>");
            appendButton(html, route, status != Demo.NodeStatus.STOPPED, serving);
            html.append("</td></tr>\n");
        }
        return html.append("</table></section>\n").toString();
    }

    private void appendButton(StringBuilder html, String route, boolean stop, boolean serving) {
        html.append("<form style=\"margin:0\" method=\"post\" action=\"").append(control.url())
                .append(DemoControl.actionPath(route, stop)).append("\"><input type=\"hidden\" name=\"")
                .append(DemoControl.TOKEN_FIELD).append("\" value=\"").append(control.token()).append("\"><button>")
                .append(stop ? (serving ? "Stop this node" : "Stop") : "Start").append("</button></form>");
    }

    private static String describe(Demo.NodeStatus status) {
        switch (status) {
            case RUNNING: return "running";
            case WAITING_FOR_ROUTER: return "running - the router waits for its health check";
            default: return "stopped";
        }
    }
}
