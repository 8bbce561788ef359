package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.config.RouterConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP: which failed attempts are retried on another node ({@code retries}, {@code retryOn}) and that a
 * request whose body was sent is never replayed.
 */
class RetryIT {

    @TempDir
    Path dir;

    private RouterFixture fx;
    private DroppingNode dropper;

    @AfterEach
    void stop() throws Exception {
        fx.close();
        if (dropper != null) {
            dropper.close();
        }
    }

    @Test
    void idempotentRequestDroppedAfterConnectingIsRetriedOnAnotherNode() throws Exception {
        startWithDropper("persistence: [jsessionid]\nrouteHeader: true\n");
        HttpResponse<String> r = fx.get("/cart", "Cookie", "JSESSIONID=abc.dropper");
        assertEquals(200, r.statusCode());
        assertEquals("node1", node(r));
        assertEquals("node1; method=jsessionid; pinned=dropper; moved=retry; retries=1",
                r.headers().firstValue("X-Limpet-Route").orElse(null));
        assertEquals(1, dropper.requests.get());
    }

    @Test
    void requestWhoseBodyWasSentIsNeverReplayed() throws Exception {
        startWithDropper("persistence: [jsessionid]\nretries: 5\n");
        HttpResponse<String> r = fx.post("/order", "qty=1&item=42", "Cookie", "JSESSIONID=abc.dropper");
        assertEquals(502, r.statusCode(), r.body());
        assertEquals(1, dropper.requests.get());
        assertEquals("qty=1&item=42".length(), dropper.bodyBytes.get(), "the body reached the dropping node");
        assertEquals(0, fx.backend("node1").requests(), "and was not sent again elsewhere");
        HttpResponse<String> put = fx.http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fx.router.port() + "/doc")).header("Cookie", "JSESSIONID=abc.dropper")
                .PUT(HttpRequest.BodyPublishers.ofString("v2")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, put.statusCode(), "idempotent, but its body was sent: not replayed");
        assertEquals(0, fx.backend("node1").requests());
    }

    @Test
    void retryOnConnectFailureAloneDoesNotRetryAGetThatFailedAfterConnecting() throws Exception {
        startWithDropper("persistence: [jsessionid]\nretryOn: [connect-failure]\n");
        assertEquals(502, fx.get("/cart", "Cookie", "JSESSIONID=abc.dropper").statusCode());
        assertEquals(0, fx.backend("node1").requests());
    }

    @Test
    void retryOnConnectFailureRetriesAnyMethodBecauseNothingWasSent() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\nretryOn: [connect-failure]\n");
        fx.backend("node1").stop();
        HttpResponse<String> post = fx.post("/order", "qty=1", "Cookie", "JSESSIONID=abc.node1");
        assertEquals(200, post.statusCode());
        assertEquals("node=node2\nqty=1", post.body());
    }

    @Test
    void noRetriesAnswersAConnectFailureWith503AndTriesNoOtherNode() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\nretries: 0\n");
        fx.backend("node1").stop();
        assertEquals(503, fx.get("/cart", "Cookie", "JSESSIONID=abc.node1").statusCode());
        assertEquals(0, fx.backend("node2").requests());
    }

    private void startWithDropper(String extra) throws Exception {
        fx = new RouterFixture("node1");
        dropper = new DroppingNode();
        String yaml = fx.yaml(dir, extra).replace("backends:\n", "backends:\n  - route: dropper\n    url: "
                + "http://127.0.0.1:" + dropper.port() + "\n");
        fx.router = LimpetRouter.start(RouterConfig.fromYaml(yaml, Map.of(), dir));
    }

    /** A node that reads each request (head and body) and then closes the connection without answering. */
    static final class DroppingNode implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger bodyBytes = new AtomicInteger();
        private final ServerSocket server;
        private final Thread thread;

        DroppingNode() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "dropping-node");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(5000);
                    InputStream in = socket.getInputStream();
                    String head = readHead(in);
                    requests.incrementAndGet();
                    int length = contentLength(head);
                    for (int i = 0; i < length && in.read() >= 0; i++) {
                        bodyBytes.incrementAndGet();
                    }
                } catch (IOException e) {
                    // closed by the test, or the router went away: either way the connection is dropped
                }
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).strip());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
