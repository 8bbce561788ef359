package dev.limpet.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The demo's own HTTP listener for the node buttons: the JDK's built-in HTTP server on {@code 127.0.0.1}, a free
 * port, translating each exchange for {@link DemoControl} and its answer back. Part of limpet-demo.jar only; a
 * real deployment has no such listener. One thread: actions run one at a time.
 *
 * <p>Thread-safe.
 */
final class DemoControlServer implements AutoCloseable {

    private final HttpServer server;
    private final DemoControl control;

    private DemoControlServer(HttpServer server, DemoControl control) {
        this.server = server;
        this.control = control;
    }

    /**
     * @param control what answers the requests
     * @return the running listener
     * @throws IOException if it cannot bind
     */
    static DemoControlServer start(DemoControl control) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        DemoControlServer listener = new DemoControlServer(server, control);
        server.createContext("/", listener::serve);
        server.start();
        return listener;
    }

    /** @return the listener's base URL, {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return this run's token, for the forms */
    String token() {
        return control.token();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            DemoControl.Answer answer = control.handle(new DemoControl.Request(method,
                    exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestHeaders().getFirst("Origin"), exchange.getRequestHeaders().getFirst("Referer"),
                    "POST".equals(method) ? readForm(exchange.getRequestBody()) : ""),
                    server.getAddress().getPort());
            send(exchange, answer);
        }
    }

    private static String readForm(InputStream body) throws IOException {
        byte[] form = body.readNBytes(DemoControl.MAX_FORM_BYTES + 1);
        return new String(form, StandardCharsets.ISO_8859_1);
    }

    private static void send(HttpExchange exchange, DemoControl.Answer answer) throws IOException {
        byte[] body = (answer.message() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (answer.location() != null) {
            exchange.getResponseHeaders().set("Location", answer.location());
        }
        if (answer.allow() != null) {
            exchange.getResponseHeaders().set("Allow", answer.allow());
        }
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening. */
    @Override
    public void close() {
        server.stop(0);
    }
}
