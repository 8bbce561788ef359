package dev.limpet.demo;

/** What the demo prints once it runs: where to go and what to try. Stateless. */
final class DemoBanner {

    private DemoBanner() {
    }

    static String text(Demo demo) {
        StringBuilder nodes = new StringBuilder();
        for (CartNode node : demo.runningNodes()) {
            nodes.append("      ").append(node.route()).append("  ").append(node.url())
                    .append(EmbeddedCartNode.CONTEXT_PATH).append("/\n");
        }
        String url = demo.cartUrl();
        return (demo.isJetty()
                ? "\nLimpet demo is running: the Limpet router in front of three Jetty 12 nodes, each running the sample\n"
                + "shopping cart with Limpet's BackendCookieHandler and Jetty session store (sessions shared through\n"
                + "the embedded default store, an in-memory H2 database).\n\n"
                : "\nLimpet demo is running: the Limpet router in front of three Tomcat nodes, each running the sample\n"
                + "shopping cart with Limpet's BackendCookieValve and LimpetSessionManager (sessions shared through\n"
                + "the embedded default store, an in-memory H2 database).\n\n")
                + "  Open the shop:  " + url + "\n"
                + "  The nodes (direct, bypassing the router):\n" + nodes + "\n"
                + "What to try\n"
                + "  1. Add a few items and reload: every page says \"served by nodeN\" - always the same node. That node\n"
                + "     signed an X-Backend cookie naming itself, and the router follows it.\n"
                + "  2. From a shell, with a cookie jar so that you stay on one node:\n"
                + "       curl -s -c /tmp/limpet-jar -b /tmp/limpet-jar " + url + "cart.txt\n"
                + "     and without one, to see new visitors spread over the nodes:\n"
                + "       curl -si " + url + "cart.txt | grep -i x-served-by\n"
                + "  3. Stop the node that serves you - press \"Stop this node\" under \"The demo's nodes\"\n"
                + "     on the cart page, or type  stop node1  (or node2, node3) here and reload: another node\n"
                + "     answers with YOUR CART: it took the session over from the store, gave it a session id\n"
                + "     with its own route and a new X-Backend cookie, and the router re-pins you to it.\n"
                + "     The \"Start\" button or  start node1  brings it back. (The buttons post to the demo's own\n"
                + "     listener, " + demo.controlUrl() + ", which only this demo has; the cart webapp cannot\n"
                + "     stop nodes.)\n\n"
                + DemoConsole.HELP + ". Ctrl-C stops everything and deletes the demo's secret.\n";
    }
}
