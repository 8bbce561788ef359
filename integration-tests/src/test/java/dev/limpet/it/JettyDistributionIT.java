package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.router.LimpetRouter;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.testsupport.MemcachedServerProcess;
import dev.limpet.testsupport.PostgresServerProcess;
import dev.limpet.testsupport.RedisServerProcess;
import dev.limpet.testsupport.ServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Limpet's Jetty session store and X-Backend handler in the real jetty-home 12.0.30 distribution, installed exactly
 * as docs/jetty.md says (a fresh {@code jetty.base} per node, {@code limpet-jetty-base.zip} unzipped, one
 * {@code start.jar --add-modules=…} line with the store URI, the secret file and the worker name), the cart war
 * deployed with ee10, two nodes behind the router, for Redis, Memcached and PostgreSQL. In one pass per store: the
 * user is pinned by X-Backend; a cart changed in place follows the user to the other node and back, and the first
 * node never serves its stale copy; a logout on one node ends the session on the other; after {@code kill -9} of
 * the user's node the cart is served by the other node and the user is re-pinned there.
 */
class JettyDistributionIT {

    private static final String SECRET = "jetty-distribution-it-secret-0123456789";
    private static final String TOY = "Limpet plush toy";
    private static final String GUIDE = "Rock pool guide";
    private static final String TIDES = "Tide table 2027";

    @TempDir
    Path dir;

    static Stream<Arguments> stores() {
        return Stream.of(
                Arguments.of("redis", (Function<Path, ServerProcess>) d -> new RedisServerProcess(),
                        (Function<ServerProcess, String>) s -> ((RedisServerProcess) s).uri()),
                Arguments.of("memcached", (Function<Path, ServerProcess>) d -> new MemcachedServerProcess(),
                        (Function<ServerProcess, String>) s -> "memcached://" + ((MemcachedServerProcess) s).address()),
                Arguments.of("postgresql", (Function<Path, ServerProcess>) d -> new PostgresServerProcess(),
                        (Function<ServerProcess, String>) s -> ((PostgresServerProcess) s).jdbcUrl()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void theDocumentedInstallationKeepsOneLiveCopyAcrossMovesLogoutAndKill9(
            String name, Function<Path, ServerProcess> server, Function<ServerProcess, String> uri) throws Exception {
        try (ServerProcess store = server.apply(dir)) {
            store.start();
            Map<String, JettyProcess> nodes = startNodes(uri.apply(store));
            try (LimpetRouter router = LimpetRouter.start(RouterConfig.fromYaml(yaml(nodes)))) {
                String routed = "http://127.0.0.1:" + router.port() + "/cart";
                Browser user = new Browser();
                String home = buildCart(user, routed);
                String other = nodes.keySet().stream().filter(r -> !r.equals(home)).findFirst().orElseThrow();

                movesAndComesBack(user, nodes, home, other);
                logoutEndsItEverywhere(routed, nodes);

                nodes.remove(home).kill9();
                HttpResponse<String> after = user.get(routed + "/cart.txt");
                assertEquals(other, servedBy(after), "failed over");
                assertTrue(after.body().contains(TOY + "\t1") && after.body().contains(GUIDE + "\t2")
                        && after.body().contains(TIDES + "\t1"), "the cart survived kill -9: " + after.body());
                assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith("." + other), "id re-issued");
                assertEquals(other, route(user), "re-pinned by a new X-Backend");
                user.post(routed + "/cart", "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1");
                HttpResponse<String> again = user.get(routed + "/cart.txt");
                assertEquals(other, servedBy(again));
                assertTrue(again.body().contains(TOY + "\t2"), again.body());
            } finally {
                for (JettyProcess node : nodes.values()) {
                    node.close();
                }
            }
        }
    }

    private Map<String, JettyProcess> startNodes(String storeUri) throws Exception {
        Path home = ItFiles.jettyHome();
        Map<String, CompletableFuture<JettyProcess>> starting = new LinkedHashMap<>();
        for (String route : List.of("node1", "node2")) {
            Path base = dir.resolve("jetty-base-" + route);
            starting.put(route, CompletableFuture.supplyAsync(() -> {
                try {
                    return JettyProcess.start(home, base, route, SECRET, storeUri);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Map<String, JettyProcess> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<JettyProcess>> node : starting.entrySet()) {
            nodes.put(node.getKey(), node.getValue().join());
        }
        return nodes;
    }

    /** @return the node the user is pinned to, after checking the pin holds */
    private static String buildCart(Browser user, String routed) throws Exception {
        user.post(routed + "/cart", "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1");
        HttpResponse<String> first = user.get(routed + "/cart.txt");
        String home = servedBy(first);
        assertEquals(home, route(user), "X-Backend names the node");
        assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith("." + home), "Jetty's worker name is the route");
        for (int i = 0; i < 3; i++) {
            assertEquals(home, servedBy(user.get(routed + "/cart.txt")), "pinned");
        }
        return home;
    }

    /**
     * The user is sent to the other node (as the router does when theirs is down) and changes the cart there, then
     * comes back: the first node must drop its stale copy and show the change.
     */
    private static void movesAndComesBack(Browser user, Map<String, JettyProcess> nodes, String home, String other)
            throws Exception {
        user.post(nodes.get(other).url("/cart/cart"), "action=add&item=" + GUIDE.replace(' ', '+') + "&quantity=2");
        HttpResponse<String> there = user.get(nodes.get(other).url("/cart/cart.txt"));
        assertTrue(there.body().contains(TOY + "\t1") && there.body().contains(GUIDE + "\t2"), there.body());
        assertEquals(other, route(user), "re-pinned to the node that took it over");

        HttpResponse<String> back = user.get(nodes.get(home).url("/cart/cart.txt"));
        assertTrue(back.body().contains(GUIDE + "\t2"), "no stale copy on the first node: " + back.body());
        user.post(nodes.get(home).url("/cart/cart"), "action=add&item=" + TIDES.replace(' ', '+') + "&quantity=1");
        assertTrue(user.get(nodes.get(home).url("/cart/cart.txt")).body().contains(TIDES + "\t1"));
        assertEquals(home, route(user));
    }

    /** A second user's session, held by both nodes, logged out on one: the other node must not serve it. */
    private static void logoutEndsItEverywhere(String routed, Map<String, JettyProcess> nodes) throws Exception {
        Browser shopper = new Browser();
        shopper.post(routed + "/cart", "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1");
        String first = servedBy(shopper.get(routed + "/cart.txt"));
        String second = nodes.keySet().stream().filter(r -> !r.equals(first)).findFirst().orElseThrow();
        assertTrue(shopper.get(nodes.get(second).url("/cart/cart.txt")).body().contains(TOY));
        String ended = shopper.cookie("JSESSIONID").orElseThrow();
        shopper.post(nodes.get(second).url("/cart/cart"), "action=logout");
        Browser replay = new Browser().withCookie("JSESSIONID", ended);
        HttpResponse<String> onFirst = replay.get(nodes.get(first).url("/cart/cart.txt"));
        assertFalse(onFirst.body().contains(TOY), "the first node's copy ended too: " + onFirst.body());
        assertNotEquals(ended.split("\\.")[0], replay.cookie("JSESSIONID").orElseThrow().split("\\.")[0]);
    }

    private static String route(Browser user) {
        AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse(SECRET, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        return codec.read(user.cookie("X-Backend").orElseThrow(), System.currentTimeMillis() / 1000).orElseThrow().route();
    }

    private String yaml(Map<String, JettyProcess> nodes) throws Exception {
        Path secret = Files.writeString(dir.resolve("router-secret"), SECRET + "\n");
        StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nsecretFile: '").append(secret).append("'\n")
                .append("persistence: [backend-cookie, jsessionid]\nbackends:\n");
        nodes.forEach((route, node) -> yaml.append("  - {route: ").append(route).append(", url: \"")
                .append(node.url("")).append("\"}\n"));
        return yaml.toString();
    }
}
