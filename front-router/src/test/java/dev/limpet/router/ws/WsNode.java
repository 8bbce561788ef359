package dev.limpet.router.ws;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityTokenCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A real WebSocket node for the router's tunnel tests: embedded Jetty 12 with Jetty's own WebSocket server on
 * 127.0.0.1. {@code /ws} echoes every text message; {@code who} answers {@code node=<route>}, {@code bye} makes
 * the node close with 1000, {@code push:N} sends N numbered messages. Plain HTTP requests answer {@code X-Node} and,
 * on request, set session cookies/headers the persistence methods pin on: {@code ?backendCookie=1} (signed
 * {@code X-Backend}), {@code ?setCookie=NAME}, {@code ?setHeader=NAME}. Runs in-process or, through
 * {@link #main}, as its own JVM that a test can kill.
 */
public final class WsNode implements AutoCloseable {

    private final Server server;
    private final String route;
    private final boolean tls;

    /**
     * @param route  the node's route
     * @param port   the port, 0 for a free one
     * @param secret the master secret signing {@code X-Backend}, or null
     */
    public WsNode(String route, int port, String secret) throws Exception {
        this(route, port, secret, null);
    }

    /**
     * @param route  the node's route
     * @param port   the port, 0 for a free one
     * @param secret the master secret signing {@code X-Backend}, or null
     * @param tls    the node's TLS side (HTTPS and {@code wss} only), or null for plain HTTP
     */
    public WsNode(String route, int port, String secret, SslContextFactory.Server tls) throws Exception {
        this.route = route;
        this.tls = tls != null;
        server = new Server();
        ServerConnector connector = tls == null ? new ServerConnector(server, 1, 1)
                : new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
                        new HttpConnectionFactory(withoutSniHostCheck()));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        AffinityTokenCodec codec = secret == null ? null : new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse(secret, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(4 << 20);
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.addMapping("/ws", (rq, rs, cb) -> new Echo(route));
        });
        ws.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return plain(request, response, callback, codec);
            }
        });
        server.setHandler(ws);
        server.start();
    }

    /**
     * The router forwards the client's {@code Host}, which a node's certificate need not name: Jetty's default SNI
     * host check (400 "Invalid SNI") is turned off, as on a real node behind the router (docs/router.md).
     */
    private static HttpConfiguration withoutSniHostCheck() {
        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        return http;
    }

    public String route() {
        return route;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private boolean plain(Request request, Response response, Callback callback, AffinityTokenCodec codec) {
        String query = request.getHttpURI().getQuery();
        response.getHeaders().put("X-Node", route);
        response.getHeaders().put("X-Seen-Upgrade", String.valueOf(request.getHeaders().get(HttpHeader.UPGRADE)));
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                switch (key) {
                    case "backendCookie" -> {
                        long now = Instant.now().getEpochSecond();
                        response.getHeaders().add(HttpHeader.SET_COOKIE, "X-Backend=" + codec.sign(route, now,
                                now + 1800) + "; Path=/; HttpOnly");
                    }
                    case "setCookie" -> response.getHeaders().add(HttpHeader.SET_COOKIE, value + "=" + freshId()
                            + "; Path=/; HttpOnly");
                    case "setHeader" -> response.getHeaders().put(value, freshId());
                    default -> { }
                }
            }
        }
        response.setStatus(200);
        response.write(true, ByteBuffer.wrap(("node=" + route).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private static String freshId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** Echo endpoint. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private final String route;
        private Session session;

        public Echo(String route) {
            this.route = route;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            if ("who".equals(message)) {
                session.sendText("node=" + route, org.eclipse.jetty.websocket.api.Callback.NOOP);
            } else if ("bye".equals(message)) {
                session.close(1000, "bye", org.eclipse.jetty.websocket.api.Callback.NOOP);
            } else if (message.startsWith("push:")) {
                int n = Integer.parseInt(message.substring(5));
                for (int i = 0; i < n; i++) {
                    session.sendText("push " + i, org.eclipse.jetty.websocket.api.Callback.NOOP);
                }
            } else {
                session.sendText(message, org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }
    }

    /**
     * Runs a node as its own process until killed.
     *
     * @param args route, port, secret
     */
    public static void main(String[] args) throws Exception {
        WsNode node = new WsNode(args[0], Integer.parseInt(args[1]), args.length > 2 ? args[2] : null);
        System.out.println("listening " + node.port());
        node.server.join();
    }
}
