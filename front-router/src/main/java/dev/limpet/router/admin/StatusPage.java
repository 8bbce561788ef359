package dev.limpet.router.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The admin listener's operator console ({@code GET /}, script {@code GET /console.js}): per node its state,
 * health, weight, sessions held, in-flight exchanges, request rate and mean latency and whether it is safe to
 * stop, the router's open tunnels, refreshed every 2 s from {@code GET /nodes} and {@code GET /router}; drain,
 * enable, disable and weight controls that call the authenticated API with the token typed into the page (held
 * in the tab's {@code sessionStorage}, sent as {@code Authorization: Bearer}, never in a URL). The script is a
 * separate resource so the page can forbid inline scripts ({@link #CONTENT_SECURITY_POLICY}); it writes values
 * as text, never as HTML. Stateless and thread-safe.
 */
final class StatusPage {

    /** Scripts and connections from this listener only; no frames, no forms, no inline script. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self';"
            + " style-src 'unsafe-inline'; img-src 'self'; form-action 'none'; frame-ancestors 'none';"
            + " base-uri 'none'";

    static final byte[] PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Limpet router</title>
            <meta name="referrer" content="no-referrer">
            <style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin-top:1em}th,td{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}
            th{background:#f4f4f4}.down{color:#b00}.draining{color:#a60}.disabled{color:#777}.error{color:#b00}
            button{margin-right:.3em}.weight-input{width:4em;margin-right:.3em}#bar span{margin-right:1.5em}</style>
            </head><body>
            <h1>Limpet router <small id="version"></small></h1>
            <div id="bar"><span>open tunnels: <b id="tunnels">–</b></span><span>requests in flight:
            <b id="inflight">–</b></span><span>updated <b id="updated">–</b></span></div>
            <p><label>Admin token (for changes; kept in this tab only): <input id="token" type="password"
            autocomplete="off" size="40"></label> <span id="status"></span></p>
            <table><thead><tr><th>route</th><th>url</th><th>state</th><th>health</th><th>weight</th>
            <th>sessions</th><th>in flight</th><th>req/s</th><th>latency ms</th><th>safe to stop</th><th></th>
            </tr></thead><tbody id="nodes"></tbody></table>
            <p>API: <code>GET /nodes</code>, <code>PUT /nodes/{route}/state</code>, <code>PUT /nodes/{route}/weight</code>,
            <code>POST /nodes</code>, <code>DELETE /nodes/{route}</code>, <code>POST /reload</code>,
            <code>GET /metrics</code>.</p>
            <script src="/console.js"></script>
            </body></html>
            """.getBytes(StandardCharsets.UTF_8);

    static final byte[] SCRIPT = resource("console.js");

    private StatusPage() {
    }

    private static byte[] resource(String name) {
        try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
