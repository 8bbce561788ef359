package dev.limpet.router.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.BalanceConfig;
import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;
import dev.limpet.router.persistence.FakeClientRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The balancing algorithms without a network: exact shares, tiers, states, the ring and its load bound. */
class BalancersTest {

    private static final long NOW = System.nanoTime();

    @Test
    void smoothWeightedRoundRobinSpreadsPicksLikeNginx() {
        NodeRegistry nodes = registry("a:5", "b:1", "c:1");
        Balancer balancer = Balancers.create(config("weighted"), nodes);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            order.append(balancer.choose(request(null), nodes, null, NOW).route());
        }
        assertEquals("aabacaa", order.toString(), "nginx's documented sequence for weights 5,1,1");
        Map<String, Integer> counts = pick(balancer, nodes, 700, i -> null);
        assertEquals(Map.of("a", 500, "b", 100, "c", 100), counts);
    }

    @Test
    void weightChangesAtRunTimeApplyToTheNextPicks() {
        NodeRegistry nodes = registry("a:1", "b:1");
        Balancer balancer = Balancers.create(config("weighted"), nodes);
        nodes.find("b").setWeight(3);
        assertEquals(Map.of("a", 100, "b", 300), pick(balancer, nodes, 400, i -> null));
        nodes.find("a").setWeight(0);
        assertEquals(Map.of("b", 50), pick(balancer, nodes, 50, i -> null), "weight 0 takes no new sessions");
    }

    @Test
    void roundRobinIsEvenAndSkipsNodesThatTakeNoNewSessions() {
        NodeRegistry nodes = registry("a:1", "b:1", "c:1", "d:1");
        Balancer balancer = Balancers.create(config("round-robin"), nodes);
        assertEquals(Map.of("a", 25, "b", 25, "c", 25, "d", 25), pick(balancer, nodes, 100, i -> null));
        nodes.find("b").setAdminState(AdminState.DRAINING);
        nodes.find("c").setAdminState(AdminState.DISABLED);
        nodes.find("d").markConnectFailure(System.nanoTime(), 60_000);
        assertEquals(Map.of("a", 30), pick(balancer, nodes, 30, i -> null));
        nodes.find("c").setAdminState(AdminState.ACTIVE);
        assertEquals(Map.of("a", 15, "c", 15), pick(balancer, nodes, 30, i -> null),
                "a skipped node does not give its turns to its neighbour");
    }

    @Test
    void leastConnectionsPicksTheFewestInFlightPerWeightAndSharesTies() {
        NodeRegistry nodes = registry("a:1", "b:2", "c:1");
        Balancer balancer = Balancers.create(config("least-connections"), nodes);
        assertEquals(Map.of("a", 10, "b", 10, "c", 10), pick(balancer, nodes, 30, i -> null), "idle nodes tie");
        nodes.find("a").exchangeStarted();
        nodes.find("a").exchangeStarted();
        nodes.find("b").exchangeStarted();
        nodes.find("b").exchangeStarted();
        nodes.find("b").exchangeStarted();
        nodes.find("c").exchangeStarted();
        // loads per weight: a 2/1, b 3/2, c 1/1
        assertEquals("c", balancer.choose(request(null), nodes, null, NOW).route());
        nodes.find("c").exchangeStarted();
        nodes.find("c").exchangeStarted();
        assertEquals("b", balancer.choose(request(null), nodes, null, NOW).route(), "b: 1.5 beats a: 2, c: 3");
        nodes.find("b").exchangeEnded();
        assertEquals("b", balancer.choose(request(null), nodes, nodes.find("a"), NOW).route());
    }

    @Test
    void backupNodesServeOnlyWhenNoRegularNodeTakesNewSessions() {
        NodeRegistry nodes = registry("a:1", "b:1", "spare:1:backup");
        for (String algorithm : Balancers.names()) {
            Balancer balancer = Balancers.create(config(algorithm), nodes);
            assertTrue(pick(balancer, nodes, 40, i -> "10.0.0." + i).keySet().stream().noneMatch("spare"::equals),
                    algorithm);
            nodes.find("a").setAdminState(AdminState.DRAINING);
            nodes.find("b").markConnectFailure(System.nanoTime(), 60_000);
            assertEquals(Map.of("spare", 20), pick(balancer, nodes, 20, i -> "10.0.0." + i), algorithm);
            nodes.find("spare").setAdminState(AdminState.DISABLED);
            assertNull(balancer.choose(request("10.0.0.1"), nodes, null, System.nanoTime()), algorithm);
            nodes = registry("a:1", "b:1", "spare:1:backup");
        }
    }

    @Test
    void consistentHashKeepsKeysOnTheirNodeAndMovesOnlyTheRemovedNodesKeys() {
        NodeRegistry nodes = registry("a:1", "b:1", "c:1", "d:1");
        Balancer balancer = Balancers.create(new BalanceConfig("consistent-hash", HashKey.SOURCE_IP, 0), nodes);
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            String ip = "192.168." + (i / 250) + "." + (i % 250);
            before.put(ip, balancer.choose(request(ip), nodes, null, NOW).route());
            assertEquals(before.get(ip), balancer.choose(request(ip), nodes, null, NOW).route(), "stable");
        }
        Map<String, Integer> share = new HashMap<>();
        before.values().forEach(r -> share.merge(r, 1, Integer::sum));
        share.values().forEach(n -> assertTrue(n > 600 && n < 1600, "roughly even: " + share));

        nodes.find("c").setAdminState(AdminState.DRAINING);
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = balancer.choose(request(e.getKey()), nodes, null, NOW).route();
            if (e.getValue().equals("c")) {
                assertNotEquals("c", now);
            } else {
                assertEquals(e.getValue(), now, "a key not on the removed node stays: " + e.getKey());
            }
        }
    }

    @Test
    void consistentHashWeightsGiveProportionalShares() {
        NodeRegistry nodes = registry("a:3", "b:1");
        Balancer balancer = Balancers.create(new BalanceConfig("consistent-hash", HashKey.SOURCE_IP, 0), nodes);
        Map<String, Integer> share = pick(balancer, nodes, 4000, i -> "10." + (i / 256) + ".1." + (i % 256));
        assertTrue(share.get("a") > 2600 && share.get("a") < 3400, share.toString());
    }

    @Test
    void boundedLoadSendsAKeyOnWhenItsNodeIsAboveTheBound() {
        NodeRegistry nodes = registry("a:1", "b:1", "c:1");
        Balancer bounded = Balancers.create(new BalanceConfig("consistent-hash", HashKey.SOURCE_IP, 1.25), nodes);
        String home = bounded.choose(request("203.0.113.7"), nodes, null, NOW).route();
        for (int i = 0; i < 10; i++) {
            nodes.find(home).exchangeStarted();
        }
        // total 10 in flight: the bound is ceil(1.25 * 11 * 1/3) ≈ 4.6 per node, so the home node (10) is skipped
        String moved = bounded.choose(request("203.0.113.7"), nodes, null, NOW).route();
        assertNotEquals(home, moved);
        Balancer unbounded = Balancers.create(new BalanceConfig("consistent-hash", HashKey.SOURCE_IP, 0), nodes);
        assertEquals(home, unbounded.choose(request("203.0.113.7"), nodes, null, NOW).route());
    }

    @Test
    void requestsWithoutTheHashKeyAreBalancedRoundRobin() {
        NodeRegistry nodes = registry("a:1", "b:1");
        Balancer balancer = Balancers.create(
                new BalanceConfig("consistent-hash", HashKey.parse("header:X-Tenant"), 0), nodes);
        assertEquals(Map.of("a", 5, "b", 5), pick(balancer, nodes, 10, i -> null));
    }

    @Test
    void hashKeyParsesTheDocumentedFormsOnly() {
        assertEquals("source-ip", HashKey.parse("source-ip").toString());
        assertEquals("path", HashKey.parse("path").toString());
        assertEquals("header:Mcp-Session-Id", HashKey.parse("header:Mcp-Session-Id").toString());
        assertEquals("cookie:tenant", HashKey.parse("cookie:tenant").toString());
        for (String bad : new String[] {"", "header:", "cookie:a b", "ip", "header:a;b", "query:x"}) {
            assertNull(HashKey.parse(bad), bad);
        }
    }

    private static Map<String, Integer> pick(Balancer balancer, NodeRegistry nodes, int n,
                                             java.util.function.IntFunction<String> address) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Node node = balancer.choose(request(address.apply(i)), nodes, null, System.nanoTime());
            counts.merge(node.route(), 1, Integer::sum);
        }
        return counts;
    }

    private static BalanceConfig config(String algorithm) {
        return new BalanceConfig(algorithm, HashKey.SOURCE_IP, 0);
    }

    /** @param specs {@code route:weight} or {@code route:weight:backup} */
    private static NodeRegistry registry(String... specs) {
        List<BackendConfig> backends = new ArrayList<>();
        int port = 9001;
        for (String spec : specs) {
            String[] p = spec.split(":");
            backends.add(new BackendConfig(p[0], URI.create("http://127.0.0.1:" + port++), Integer.parseInt(p[1]),
                    AdminState.ACTIVE, p.length > 2));
        }
        return new NodeRegistry(backends);
    }

    /** A request from {@code address} (no cookies); {@code null} for an unknown peer. */
    private static ClientRequest request(String address) {
        return FakeClientRequest.fromPeer(address, Map.of());
    }
}
