package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.limpet.router.node.NodeState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP: the active health check takes a failing node out of rotation and brings it back. */
class HealthCheckIT {

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void failingHealthCheckMarksNodeDownAndPassingMarksItUpAgain() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, """
                persistence: [jsessionid]
                healthCheck:
                  path: /health
                  intervalMillis: 100
                  timeoutMillis: 1000
                  rise: 2
                  fall: 2
                """);
        String pinned = "JSESSIONID=abc.node1";
        assertEquals("node1", node(fx.get("/", "Cookie", pinned)));

        fx.backend("node1").setHealthy(false);
        awaitState("node1", NodeState.DOWN_HEALTH_CHECK);
        var moved = fx.get("/", "Cookie", pinned);
        assertEquals("node2", node(moved), "a node failing its health check takes no requests");
        assertEquals("node1", moved.headers().firstValue("X-Seen-Previous-Route").orElse(null));

        fx.backend("node1").setHealthy(true);
        awaitState("node1", NodeState.UP);
        assertEquals("node1", node(fx.get("/", "Cookie", pinned)));
    }

    private void awaitState(String route, NodeState expected) {
        await(route + " is " + expected).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> fx.router.nodes().find(route).state(System.nanoTime()), state -> state == expected);
    }
}
