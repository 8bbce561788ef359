package dev.limpet.router.admin;

import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeSessions;

/**
 * The admin listener's HTML status page ({@code GET /}): one table row per node with its state, weight, health,
 * in-flight exchanges and sessions held, and the API's endpoints. Plain HTML with a little inline CSS, no
 * scripts; every value is escaped. Stateless and thread-safe.
 */
final class StatusPage {

    private StatusPage() {
    }

    static String render(NodeRegistry nodes, NodeSessions sessions) {
        long now = System.nanoTime();
        StringBuilder b = new StringBuilder(2048).append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Limpet router</title>
                <style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}
                table{border-collapse:collapse}th,td{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}
                th{background:#f4f4f4}.down{color:#b00}.draining{color:#a60}.disabled{color:#777}
                code{background:#f4f4f4;padding:0 .2em}</style></head><body>
                <h1>Limpet router</h1>
                <table><tr><th>route</th><th>url</th><th>state</th><th>weight</th><th>backup</th><th>health</th>
                <th>in flight</th><th>sessions held</th></tr>
                """);
        for (Node node : nodes.nodes()) {
            boolean healthy = node.isHealthy(now);
            b.append("<tr><td>").append(escape(node.route())).append("</td><td>")
                    .append(escape(node.baseUri().toString())).append("</td><td class=\"")
                    .append(node.adminState().configName()).append("\">").append(node.adminState().configName())
                    .append("</td><td>").append(node.weight()).append("</td><td>").append(node.isBackup() ? "yes" : "")
                    .append("</td><td").append(healthy ? ">up" : " class=\"down\">down").append("</td><td>")
                    .append(node.inFlight()).append("</td><td>").append(sessions.held(node.route()))
                    .append("</td></tr>\n");
        }
        return b.append("""
                </table>
                <p>API: <code>GET /nodes</code>, <code>PUT /nodes/{route}/state</code> (active | draining | disabled),
                <code>PUT /nodes/{route}/weight</code> (0..256), <code>GET /metrics</code>.
                Changes need <code>Authorization: Bearer &lt;token&gt;</code>.</p>
                </body></html>
                """).toString();
    }

    /** @return {@code text} safe inside HTML text and attribute values */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
