package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.cli.RouterMain;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.ws.WsClient;
import dev.limpet.router.ws.WsNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener at the edge: {@code wss://} through the router to a pinned WebSocket node, and {@code --check}
 * stating that {@code tls-session} pins TLS 1.2 sessions only.
 */
class TlsEdgeIT {

    @TempDir
    Path dir;

    @Test
    void wssIsTunnelledToThePinnedNode() throws Exception {
        String tls = TestTls.keyStore(dir);
        Files.writeString(dir.resolve("secret"), RouterFixture.SECRET + "\n");
        try (WsNode node1 = new WsNode("node1", 0, null); WsNode node2 = new WsNode("node2", 0, null);
             LimpetRouter router = LimpetRouter.start(RouterConfig.fromYaml("listen: 127.0.0.1:0\n"
                     + "persistence: [jsessionid]\n" + tls + "backends:\n  - {route: node1, url: '" + node1.url()
                     + "'}\n  - {route: node2, url: '" + node2.url() + "'}\n", Map.of(), dir))) {
            HttpClient https = HttpClient.newBuilder().sslContext(TestTls.clientContext(dir))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            for (String home : new String[] {"node1", "node2"}) {
                WsClient client = WsClient.connect(https, "wss://127.0.0.1:" + router.port() + "/ws", "Cookie",
                        "JSESSIONID=abc." + home);
                assertEquals("node=" + home, client.who());
                for (int i = 0; i < 200; i++) {
                    client.send("secure " + i);
                }
                for (int i = 0; i < 200; i++) {
                    assertEquals("secure " + i, client.next());
                }
                String big = "z".repeat(1 << 20);
                client.send(big);
                assertEquals(big, client.next());
                client.close();
                assertEquals(1000, client.closed.get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void checkSaysTlsSessionPinsTls12Only() throws Exception {
        String tls = TestTls.keyStore(dir);
        Path config = dir.resolve("router.yaml");
        Files.writeString(config, "listen: 127.0.0.1:0\npersistence: [tls-session, jsessionid]\n" + tls
                + "backends: [{route: node1, url: 'http://127.0.0.1:9001'}]\n");
        StringWriter out = new StringWriter();
        assertEquals(0, RouterMain.run(new String[] {"--check", "--config", config.toString()}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true)));
        assertTrue(out.toString().contains("note: persistence method [tls-session] pins TLS 1.2 sessions only"),
                out.toString());
    }
}
