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
import dev.limpet.testsupport.MariaDbServerProcess;
import dev.limpet.testsupport.MemcachedServerProcess;
import dev.limpet.testsupport.PostgresServerProcess;
import dev.limpet.testsupport.RedisServerProcess;
import dev.limpet.testsupport.ServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LimpetSessionManager in the real Tomcat 10.1 and 11 distributions, installed with only README.md's lines (the
 * drop-in jar, {@code jvmRoute}, the valve and the {@code <Manager>} line with just {@code storeUri} and
 * {@code secretFile}: no class filter, no schema option), two nodes behind the router, for every store: a cart of
 * the webapp's own class (in {@code WEB-INF/classes}, changed in place, no second {@code setAttribute}) built
 * through the router survives {@code kill -9} of its node and the user is re-pinned to the node that took it over;
 * a forged store entry is never deserialized and gives a fresh session, not a 500; the store server killed
 * mid-test leaves sticky sessions serving; every store on Tomcat 11, Redis and PostgreSQL on Tomcat 10.1. With Redis
 * and PostgreSQL, also Tomcat's own {@code examples} webapp
 * from the distribution: its {@code sessions.DummyCart} and a FORM login survive the same {@code kill -9}
 * (still logged in on the other node), and with {@code persistAuthentication="false"} the session survives but
 * the user must log in again. Non-sticky with the lock: concurrent updates of one session on both nodes all count.
 */
class SessionStoreDistributionIT {

    private static final String TOY = "Limpet plush toy";
    private static final String GUIDE = "Rock pool guide";
    private static final String CARTS = "/jsp/sessions/carts.jsp";
    private static final String PROTECTED = "/jsp/security/protected/";

    @TempDir
    Path dir;

    /** A store server under test: its URI as the README's {@code storeUri}, and how to stop it mid-test. */
    interface StoreServer extends AutoCloseable {
        String uri();

        void stop() throws Exception;
    }

    /**
     * A store under test.
     *
     * @param examples whether Tomcat's examples webapp (cart and FORM login) is tested on it too
     */
    record StoreCase(String name, Function<Path, StoreServer> server, boolean examples) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        StoreCase redis = new StoreCase("redis", d -> process(new RedisServerProcess(), s -> s.uri()), true);
        StoreCase memcached = new StoreCase("memcached",
                d -> process(new MemcachedServerProcess(), s -> "memcached://" + s.address()), false);
        StoreCase postgres = new StoreCase("postgresql", d -> process(new PostgresServerProcess(), s -> s.jdbcUrl()), true);
        StoreCase mariadb = new StoreCase("mariadb", d -> process(new MariaDbServerProcess(), s -> s.jdbcUrl()), false);
        StoreCase h2 = new StoreCase("h2-tcp", SessionStoreDistributionIT::h2TcpServer, false);
        List<Path> homes = ItFiles.tomcatHomes();
        Path tomcat10 = homes.stream().filter(h -> h.toString().contains("-10.")).findFirst().orElseThrow();
        Path tomcat11 = homes.stream().filter(h -> h.toString().contains("-11.")).findFirst().orElseThrow();
        // Every store on Tomcat 11; Tomcat 10.1 with one key-value and one JDBC store, both with the examples
        // webapp. What a store does does not depend on the Tomcat version (the store and the manager meet through
        // our own SPI), so the full cross product would test the same code twice at 15-20 s a case.
        return Stream.of(Arguments.of(tomcat11, redis), Arguments.of(tomcat11, memcached),
                Arguments.of(tomcat11, postgres), Arguments.of(tomcat11, mariadb), Arguments.of(tomcat11, h2),
                Arguments.of(tomcat10, redis), Arguments.of(tomcat10, postgres));
    }

    /** Starts a server process of the testkit. */
    private static <S extends ServerProcess> StoreServer process(S server, Function<S, String> uri) {
        start(server);
        return new StoreServer() {
            @Override
            public String uri() {
                return uri.apply(server);
            }

            @Override
            public void stop() throws Exception {
                server.stop();
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }

    private static void start(ServerProcess server) {
        try {
            server.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("cannot start " + server, e);
        }
    }

    /** H2's TCP server in this JVM (it outlives the killed node), databases created on first use. */
    private static StoreServer h2TcpServer(Path dir) {
        try {
            Server server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.resolve("h2").toString(),
                    "-ifNotExists").start();
            String uri = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/sessions";
            return new StoreServer() {
                @Override
                public String uri() {
                    return uri;
                }

                @Override
                public void stop() {
                    server.stop();
                }

                @Override
                public void close() {
                    server.stop();
                }
            };
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot start H2's TCP server", e);
        }
    }

    /**
     * The cases run two at a time ({@code junit-platform.properties} of this module caps the pool at two threads):
     * each has its own nodes, router, store server and ports, and much of a case is waiting (a node starting, the
     * backup queue, a node dying), so two share the machine's cores.
     */
    @Execution(ExecutionMode.CONCURRENT)
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void theReadmeInstallationKeepsCartsAndLoginsAcrossKill9(Path home, StoreCase store) throws Exception {
        try (StoreServer server = store.server().apply(dir)) {
            String uri = server.uri();
            try (SessionCluster cluster = SessionCluster.start(home, dir.resolve("tomcat"),
                    "storeUri=\"" + uri.replace("&", "&amp;") + "\"", List.of("node1", "node2"), store.examples())) {
                Browser user = new Browser();
                String old = buildCart(cluster, user);
                Examples examples = store.examples() ? Examples.onNode(cluster, old) : null;
                // Sticky backups are asynchronous: a kill -9 within the backup queue's latency would lose the last
                // change. Give the queue time to write before the crash (the scenario: a crash after the backup).
                Thread.sleep(2000);

                cluster.kill9(old);
                String now = checkCartTakenOver(cluster, user, old);
                if (examples != null) {
                    examples.checkTakenOverBy(cluster, now);
                }
                refuseAForgedEntry(cluster, uri, now);
                keepServingWithoutTheStore(cluster, user, server);
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

    /** @return the node serving the user's cart, built through the router */
    private static String buildCart(SessionCluster cluster, Browser user) throws Exception {
        user.post(cluster.cart("/cart"), "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1");
        user.post(cluster.cart("/cart"), "action=add&item=" + GUIDE.replace(' ', '+') + "&quantity=2");
        HttpResponse<String> before = user.get(cluster.cart("/cart.txt"));
        assertTrue(before.body().contains(GUIDE + "\t2"), before.body());
        return servedBy(before);
    }

    /** @return the node that took the session over */
    private static String checkCartTakenOver(SessionCluster cluster, Browser user, String old) throws Exception {
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

    /**
     * Tomcat's examples webapp on one node: a {@code DummyCart} with two items, a user logged in with FORM in
     * {@code /examples}, and one with a cart and a login in {@code /examples-noauth} ({@code persistAuthentication}
     * off).
     */
    private record Examples(Browser shopper, Browser member, Browser outsider) {

        static Examples onNode(SessionCluster cluster, String route) throws Exception {
            Browser shopper = new Browser();
            shopper.get(cluster.node(route, "/examples" + CARTS + "?itemId=4&submit=add"));
            HttpResponse<String> cart = shopper.get(cluster.node(route, "/examples" + CARTS + "?itemId=3&submit=add"));
            assertTrue(cart.body().contains("JSP Book") && cart.body().contains("NIN CD"), cart.body());
            Browser member = logIn(cluster.node(route, "/examples"));
            Browser outsider = new Browser();
            outsider.get(cluster.node(route, "/examples-noauth" + CARTS + "?itemId=4&submit=add"));
            logIn(cluster.node(route, "/examples-noauth"), outsider);
            return new Examples(shopper, member, outsider);
        }

        private static Browser logIn(String webapp) throws Exception {
            return logIn(webapp, new Browser());
        }

        private static Browser logIn(String webapp, Browser browser) throws Exception {
            HttpResponse<String> login = browser.get(webapp + PROTECTED + "index.jsp");
            assertTrue(login.body().contains("j_security_check"), "the login page: " + login.body());
            HttpResponse<String> posted = browser.post(webapp + PROTECTED + "j_security_check",
                    "j_username=" + SessionCluster.USER + "&j_password=" + SessionCluster.PASSWORD);
            assertTrue(posted.statusCode() == 302 || posted.statusCode() == 303, "logged in: " + posted.statusCode());
            assertLoggedIn(browser.get(webapp + PROTECTED + "index.jsp"));
            return browser;
        }

        void checkTakenOverBy(SessionCluster cluster, String now) throws Exception {
            HttpResponse<String> cart = shopper.get(cluster.routed("/examples" + CARTS));
            assertTrue(cart.body().contains("JSP Book") && cart.body().contains("NIN CD"),
                    "the examples' DummyCart survived kill -9: " + cart.body() + "\n" + cluster.console(now));
            assertTrue(shopper.cookie("JSESSIONID").orElseThrow().endsWith("." + now), "taken over by " + now);

            HttpResponse<String> member = this.member.get(cluster.routed("/examples" + PROTECTED + "index.jsp"));
            assertLoggedIn(member);
            assertTrue(this.member.cookie("JSESSIONID").orElseThrow().endsWith("." + now), "taken over by " + now);

            HttpResponse<String> outsiderCart = outsider.get(cluster.routed("/examples-noauth" + CARTS));
            assertTrue(outsiderCart.body().contains("JSP Book"), "the session survived: " + outsiderCart.body());
            HttpResponse<String> outsider = this.outsider.get(cluster.routed("/examples-noauth" + PROTECTED + "index.jsp"));
            assertTrue(outsider.body().contains("j_security_check") && !outsider.body().contains(SessionCluster.USER),
                    "persistAuthentication=false: log in again: " + outsider.body());
        }

        private static void assertLoggedIn(HttpResponse<String> page) {
            assertTrue(page.body().contains("<b>" + SessionCluster.USER + "</b>")
                    && !page.body().contains("j_security_check"), "logged in as " + SessionCluster.USER + ": " + page.body());
        }
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

    private void keepServingWithoutTheStore(SessionCluster cluster, Browser user, StoreServer server)
            throws Exception {
        server.stop();
        HttpResponse<String> response = user.get(cluster.cart("/cart.txt"));
        assertTrue(response.body().contains(TOY + "\t1"), response.body());
        user.post(cluster.cart("/cart"), "action=add&item=" + TOY.replace(' ', '+') + "&quantity=1");
        assertTrue(user.get(cluster.cart("/cart.txt")).body().contains(TOY + "\t2"), "changes keep working");
        assertEquals(200, new Browser().get(cluster.cart("/cart.txt")).statusCode(), "new users too");
    }
}
