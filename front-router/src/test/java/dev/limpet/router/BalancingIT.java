package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.config.RouterConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP: how each balancing algorithm spreads new sessions over real nodes, weights and backup nodes. */
class BalancingIT {

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void roundRobinGivesEveryNodeTheSameShare() throws Exception {
        fx = new RouterFixture("node1", "node2", "node3");
        fx.start(dir, "persistence: []\nbalance: {algorithm: round-robin}\n");
        assertEquals(Map.of("node1", 10, "node2", 10, "node3", 10), spread(30));
    }

    @Test
    void weightedFollowsConfiguredWeightsExactly() throws Exception {
        fx = new RouterFixture("node1", "node2");
        start(withBackendKey(fx.yaml(dir, "persistence: []\nbalance: {algorithm: weighted}\n"), "node1",
                "weight: 3"));
        assertEquals(Map.of("node1", 30, "node2", 10), spread(40));
    }

    @Test
    void leastConnectionsSpreadsSequentialRequestsOverEveryNode() throws Exception {
        fx = new RouterFixture("node1", "node2", "node3");
        fx.start(dir, "persistence: []\nbalance: {algorithm: least-connections}\n");
        Map<String, Integer> spread = spread(30);
        assertEquals(Set.of("node1", "node2", "node3"), spread.keySet());
        spread.values().forEach(n -> assertTrue(n >= 5, "idle nodes share new sessions: " + spread));
    }

    @Test
    void leastConnectionsAvoidsTheNodeWithExchangesInFlight() throws Exception {
        fx = new RouterFixture("node1", "node2", "node3");
        fx.start(dir, "persistence: [jsessionid]\nbalance: {algorithm: least-connections}\n");
        TestBackend node1 = fx.backend("node1");
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(fx.http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.router.port()
                    + "/report?hold=1")).header("Cookie", "JSESSIONID=h.node1").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await("two pinned requests are in flight on node1").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(node1::requests, n -> n >= 2);
        assertEquals(2, node1.requests(), "two pinned requests are in flight on node1");
        Map<String, Integer> spread = spread(20);
        node1.releaseHeld();
        assertFalse(spread.containsKey("node1"), "busy node1 gets no new session: " + spread);
        for (CompletableFuture<HttpResponse<String>> response : held) {
            assertEquals("node1", node(response.get(20, TimeUnit.SECONDS)));
        }
        assertTrue(spread(6).containsKey("node1"), "idle again, node1 takes new sessions");
    }

    @Test
    void consistentHashKeepsEachKeyOnOneNodeAndSpreadsKeys() throws Exception {
        fx = new RouterFixture("node1", "node2", "node3");
        fx.start(dir, "persistence: []\nbalance: {algorithm: consistent-hash, hashKey: \"header:X-Tenant\"}\n");
        Set<String> used = new HashSet<>();
        for (int tenant = 0; tenant < 30; tenant++) {
            String home = node(fx.get("/", "X-Tenant", "tenant-" + tenant));
            used.add(home);
            for (int i = 0; i < 3; i++) {
                assertEquals(home, node(fx.get("/", "X-Tenant", "tenant-" + tenant)), "tenant-" + tenant);
            }
        }
        assertTrue(used.size() >= 2, "30 keys over 3 nodes use more than one: " + used);
    }

    @Test
    void backupNodeServesOnlyWhenEveryActiveNodeIsDown() throws Exception {
        fx = new RouterFixture("node1", "node2", "spare");
        start(withBackendKey(fx.yaml(dir, "persistence: []\nretries: 3\npassiveDownMillis: 60000\n"), "spare",
                "backup: true"));
        assertEquals(Map.of("node1", 10, "node2", 10), spread(20));
        fx.backend("node1").stop();
        assertEquals(Map.of("node2", 10), spread(10), "one active left: still no backup");
        fx.backend("node2").stop();
        assertEquals(Map.of("spare", 10), spread(10));
        assertEquals(10, fx.backend("spare").requests());
    }

    private Map<String, Integer> spread(int requests) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            counts.merge(node(fx.get("/")), 1, Integer::sum);
        }
        return counts;
    }

    private void start(String yaml) throws Exception {
        fx.router = LimpetRouter.start(RouterConfig.fromYaml(yaml, Map.of(), dir));
    }

    /** @return {@code yaml} with {@code line} added to the backend of {@code route} */
    static String withBackendKey(String yaml, String route, String line) {
        String entry = "  - route: " + route + "\n";
        int at = yaml.indexOf(entry);
        assertTrue(at >= 0, yaml);
        return yaml.substring(0, at + entry.length()) + "    " + line + "\n" + yaml.substring(at + entry.length());
    }
}
