package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.store.testkit.MariaDbServerProcess;
import dev.limpet.store.testkit.MemcachedServerProcess;
import dev.limpet.store.testkit.PostgresServerProcess;
import dev.limpet.store.testkit.RedisServerProcess;
import dev.limpet.store.testkit.ServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LimpetSessionManager in the real Tomcat distributions, two nodes behind the router, for every store: a cart
 * built through the router survives {@code kill -9} of its node and the user is re-pinned to the node that took
 * it over; the cart is changed in place (no second {@code setAttribute}), so its survival proves in-place
 * changes are written; a forged store entry is never deserialized and gives a fresh session, not a 500; the
 * store server killed mid-test leaves sticky sessions serving. All five stores on Tomcat 11; Redis and H2 on
 * Tomcat 10.1 (CI budget). Non-sticky with the lock: concurrent updates of one session on both nodes all count.
 */
class SessionStoreDistributionIT {

    private static final String TOY = "Limpet plush toy";
    private static final String GUIDE = "Rock pool guide";

    @TempDir
    Path dir;

    /** A store under test: how to run its server (none for embedded H2) and its URI. */
    record StoreCase(String name, Function<Path, ServerProcess> server, Function<ServerProcess, String> uri) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        StoreCase redis = new StoreCase("redis", d -> new RedisServerProcess(), s -> ((RedisServerProcess) s).uri());
        StoreCase memcached = new StoreCase("memcached", d -> new MemcachedServerProcess(),
                s -> "memcached://" + ((MemcachedServerProcess) s).address());
        StoreCase postgres = new StoreCase("postgresql", d -> new PostgresServerProcess(),
                s -> ((PostgresServerProcess) s).jdbcUrl() + "&createSchema=true");
        StoreCase mariadb = new StoreCase("mariadb", d -> new MariaDbServerProcess(),
                s -> ((MariaDbServerProcess) s).jdbcUrl() + "&createSchema=true");
        StoreCase h2 = new StoreCase("h2", d -> null, s -> null);
        List<Path> homes = ItFiles.tomcatHomes();
        Path tomcat10 = homes.stream().filter(h -> h.toString().contains("-10.")).findFirst().orElseThrow();
        Path tomcat11 = homes.stream().filter(h -> h.toString().contains("-11.")).findFirst().orElseThrow();
        return Stream.of(Arguments.of(tomcat11, redis), Arguments.of(tomcat11, memcached),
                Arguments.of(tomcat11, postgres), Arguments.of(tomcat11, mariadb), Arguments.of(tomcat11, h2),
                Arguments.of(tomcat10, redis), Arguments.of(tomcat10, h2));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void theCartSurvivesKill9AndTheStoreGoingDownAndPoisonIsRefused(Path home, StoreCase store) throws Exception {
        try (ServerProcess server = store.server().apply(dir)) {
            if (server != null) {
                server.start();
            }
            String uri = server == null
                    ? "jdbc:h2:file:" + dir.resolve("h2/sessions") + ";AUTO_SERVER=TRUE?createSchema=true"
                    : store.uri().apply(server);
            try (SessionCluster cluster = SessionCluster.start(home, dir.resolve("tomcat"),
                    "storeUri=\"" + uri.replace("&", "&amp;") + "\"", List.of("node1", "node2"))) {
                Browser user = new Browser();
                String first = buildCartAndKillItsNode(cluster, user);
                refuseAForgedEntry(cluster, uri, first);
                if (server != null) {
                    keepServingWithoutTheStore(cluster, user, server);
                }
            }
        }
    }

    @Test
    void nonStickyConcurrentUpdatesOfOneSessionOnTwoNodesAreAllKept() throws Exception {
        Path home = ItFiles.tomcatHomes().stream().filter(h -> h.toString().contains("-11.")).findFirst().orElseThrow();
        try (RedisServerProcess redis = new RedisServerProcess()) {
            redis.start();
            try (SessionCluster cluster = SessionCluster.start(home, dir.resolve("tomcat"), "storeUri=\"" + redis.uri()
                    + "\" sticky=\"false\" lockingMode=\"all\" lockTimeoutMillis=\"20000\"", List.of("node1", "node2"))) {
                Browser user = new Browser();
                user.post(cluster.direct("node1", "/cart"), "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1");
                String cookie = user.cookie("JSESSIONID").orElseThrow();
                int adds = 16;
                ExecutorService pool = Executors.newFixedThreadPool(8);
                try {
                    List<Callable<Integer>> requests = new ArrayList<>();
                    for (int i = 0; i < adds; i++) {
                        String url = cluster.direct(i % 2 == 0 ? "node1" : "node2", "/cart");
                        requests.add(() -> new Browser().withCookie("JSESSIONID", cookie)
                                .post(url, "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1").statusCode());
                    }
                    for (Future<Integer> status : pool.invokeAll(requests)) {
                        assertEquals(303, status.get());
                    }
                } finally {
                    pool.shutdownNow();
                }
                HttpResponse<String> cart = new Browser().withCookie("JSESSIONID", cookie).get(cluster.direct("node2", "/cart.txt"));
                assertTrue(cart.body().contains(TOY + "\t" + (adds + 1)), "no update lost: " + cart.body());
            }
        }
    }

    /** @return the node that took the session over */
    private String buildCartAndKillItsNode(SessionCluster cluster, Browser user) throws Exception {
        user.post(cluster.cart("/cart"), "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1");
        user.post(cluster.cart("/cart"), "action=add&item=" + GUIDE.replace(' ', '+') + "&quantity=2");
        HttpResponse<String> before = user.get(cluster.cart("/cart.txt"));
        String old = servedBy(before);
        assertTrue(before.body().contains(GUIDE + "\t2"), before.body());
        // Sticky backups are asynchronous (DESIGN.md §4): a kill -9 within the backup queue's latency loses the
        // last change, as with memcached-session-manager. And with H2 in AUTO_SERVER mode the killed node may host
        // the database, whose store writes committed pages to disk up to about a second later. Wait for both.
        Thread.sleep(2000);

        cluster.kill9(old);
        HttpResponse<String> after = user.get(cluster.cart("/cart.txt"));
        String now = servedBy(after);
        assertNotEquals(old, now);
        assertTrue(after.body().contains(TOY + "\t1") && after.body().contains(GUIDE + "\t2"),
                "the cart, changed in place, survived kill -9: " + after.body() + "\n" + cluster.console(now));
        assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith("." + now), "id re-issued with the new route");
        String token = user.cookie("X-Backend").orElseThrow();
        AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse(SessionCluster.SECRET, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        assertEquals(now, codec.read(token, System.currentTimeMillis() / 1000).orElseThrow().route(), "re-pinned");
        for (int i = 0; i < 3; i++) {
            assertEquals(now, servedBy(user.get(cluster.cart("/cart.txt"))));
        }
        return now;
    }

    /** A blob under a session's key that does not carry our MAC: refused before deserialization. */
    private void refuseAForgedEntry(SessionCluster cluster, String uri, String liveRoute) throws Exception {
        String victim = "0123456789ABCDEF0123456789ABCDEF";
        try (SessionStore forger = SessionStore.open(StoreOptions.of(uri), "localhost/cart",
                MasterSecrets.parse("the-attacker-does-not-know-the-secret", "forger").keyRing(KeyPurpose.SESSION_BLOB),
                SessionSerializer.builder().build())) {
            byte[] payload = forger.serializer().serialize(Map.of("cart", "a gadget chain would go here"));
            forger.save(victim, new SessionMetadata(1, 1, 1800, "node1"), payload, SessionStore.ANY_VERSION);
        }
        Browser attacker = new Browser().withCookie("JSESSIONID", victim + ".gone");
        HttpResponse<String> response = attacker.get(cluster.direct(liveRoute, "/cart.txt"));
        assertEquals(200, response.statusCode());
        assertFalse(response.body().contains("session=" + victim), "a fresh session: " + response.body());
        assertFalse(response.body().contains("gadget"), response.body());
    }

    private void keepServingWithoutTheStore(SessionCluster cluster, Browser user, ServerProcess server)
            throws Exception {
        server.stop();
        HttpResponse<String> response = user.get(cluster.cart("/cart.txt"));
        assertTrue(response.body().contains(TOY + "\t1"), response.body());
        user.post(cluster.cart("/cart"), "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1");
        assertTrue(user.get(cluster.cart("/cart.txt")).body().contains(TOY + "\t2"), "changes keep working");
        assertEquals(200, new Browser().get(cluster.cart("/cart.txt")).statusCode(), "new users too");
    }
}
