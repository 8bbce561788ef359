package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.ws.WsClient;
import dev.limpet.router.ws.WsNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the real router jar while a WebSocket is open through it to a real Jetty WebSocket node: the open
 * tunnel keeps working during the grace period and the router exits 0 once the client closes it; a tunnel still
 * open when the grace period ends is cut and the exit status is 4.
 */
class GracefulWebSocketProcessIT {

    @Test
    void anOpenWebSocketKeepsWorkingAfterSigtermAndTheRouterExitsZeroWhenItCloses(@TempDir Path dir)
            throws Exception {
        try (WsNode node = new WsNode("a", 0, null);
             RouterProcess router = new RouterProcess(config(dir, node, 60_000), dir.resolve("router.log"))) {
            WsClient client = WsClient.connect("ws://127.0.0.1:" + router.port + "/ws");
            assertEquals("node=a", client.who());
            router.signal("TERM");
            router.awaitLog("stopping: no new connections", 1, 30);
            for (int i = 0; i < 20; i++) {
                client.send("after SIGTERM " + i);
                assertEquals("after SIGTERM " + i, client.next());
            }
            client.close();
            assertEquals(0, router.awaitExit(60), router.log());
            assertTrue(router.log().contains("stopped cleanly"), router.log());
        }
    }

    @Test
    void aWebSocketStillOpenAtTheEndOfTheGracePeriodIsCutAndTheRouterExitsFour(@TempDir Path dir)
            throws Exception {
        try (WsNode node = new WsNode("a", 0, null);
             RouterProcess router = new RouterProcess(config(dir, node, 1_000), dir.resolve("router.log"))) {
            WsClient client = WsClient.connect("ws://127.0.0.1:" + router.port + "/ws");
            assertEquals("node=a", client.who());
            router.signal("TERM");
            assertEquals(4, router.awaitExit(60), router.log());
            assertTrue(router.log().contains("[1] tunnels still in flight"), router.log());
            client.closed.get(30, TimeUnit.SECONDS);
        }
    }

    private static Path config(Path dir, WsNode node, long graceMillis) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, RouterFixture.SECRET + "\n");
        Path config = dir.resolve("router.yaml");
        Files.writeString(config, "listen: 127.0.0.1:0\nsecretFile: " + secret + "\nbackends:\n  - route: a\n    url: "
                + node.url() + "\npersistence: []\nlifecycle:\n  stopGraceMillis: " + graceMillis + "\n");
        return config;
    }
}
