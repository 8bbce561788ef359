package dev.limpet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.servlet.FilterNode.Container;
import dev.limpet.sessions.WriteDecision;
import dev.limpet.store.testkit.CookieClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The servlet filters end to end: two nodes of one container (embedded Tomcat 10.1, embedded Jetty 12.1 ee10)
 * sharing a real store (the Redis on 6379 under a fresh key prefix; the PostgreSQL on 5432 in a fresh table),
 * driven over real HTTP as the router would after a failover: the user's requests go to the other node.
 */
class SessionSharingFilterIT {

    private static final String SECRET = "limpet-servlet-filter-it-secret-0001";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final List<String> TABLES = new ArrayList<>();

    @TempDir
    Path dir;
    private final List<FilterNode> nodes = new ArrayList<>();

    static Stream<Arguments> farms() {
        return Stream.of(Container.values()).flatMap(c -> Stream.of(Arguments.of(c, "redis"),
                Arguments.of(c, "postgresql")));
    }

    private static String storeUri(String store) {
        if (store.equals("redis")) {
            return "redis://127.0.0.1:6379/0";
        }
        String table = "limpet_servlet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TABLES.add(table);
        return POSTGRES + "&table=" + table + "&createSchema=true";
    }

    private FilterNode node(Container container, String route, Map<String, String> parameters) throws Exception {
        Path secret = dir.resolve("secret");
        if (!Files.exists(secret)) {
            Files.writeString(secret, SECRET + "\n");
        }
        FilterNode node = FilterNode.start(container, route, secret, parameters);
        nodes.add(node);
        return node;
    }

    private FilterNode[] farm(Container container, String store) throws Exception {
        Map<String, String> shared = Map.of("storeUri", storeUri(store), "keyPrefix", "servlet-it/"
                + UUID.randomUUID().toString().substring(0, 8));
        return new FilterNode[] {node(container, "nodeA", shared), node(container, "nodeB", shared)};
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (FilterNode node : nodes) {
            node.close();
        }
    }

    @AfterAll
    static void dropTables() throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRES); Statement sql = connection.createStatement()) {
            for (String table : TABLES) {
                sql.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private static String body(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static String sessionId(CookieClient user) {
        return user.cookie("JSESSIONID").orElseThrow();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("farms")
    void aCartChangedInPlaceMovesBetweenNodesBothWaysWithoutAStaleCopy(Container container, String store)
            throws Exception {
        FilterNode[] farm = farm(container, store);
        CookieClient user = new CookieClient();
        assertTrue(body(user.get(farm[0].url("/cart?add=A"))).startsWith("cart=[A] route=nodeA"));
        String base = sessionId(user).substring(0, sessionId(user).indexOf('.'));
        assertTrue(sessionId(user).endsWith(".nodeA"), sessionId(user));
        assertTrue(user.cookie("X-Backend").isPresent(), "the X-Backend cookie names the node");

        assertTrue(body(user.get(farm[1].url("/cart?add=B"))).startsWith("cart=[A, B] route=nodeB"), "taken over");
        assertEquals(base + ".nodeB", sessionId(user), "the id is re-issued with the local route");

        assertTrue(body(user.get(farm[0].url("/cart?add=C"))).startsWith("cart=[A, B, C]"),
                "node A's old copy is stale: the stored one is loaded");
        assertEquals(base + ".nodeA", sessionId(user));
        assertTrue(body(user.get(farm[1].url("/cart"))).startsWith("cart=[A, B, C]"));
        assertTrue(body(user.get(farm[0].url("/stream?add=D"))).startsWith("cart=[A, B, C, D]"));
        assertTrue(body(user.get(farm[1].url("/cart"))).startsWith("cart=[A, B, C, D]"),
                "a flushed response's change was stored before the commit");
        assertTrue(farm[1].sessions.counters().takeovers() >= 2);
        assertTrue(farm[1].sessions.counters().decisions(WriteDecision.SKIP_UNCHANGED) >= 1,
                "a request that read the cart without changing it wrote nothing");
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("farms")
    void logoutOnOneNodeEndsTheSessionOnBoth(Container container, String store) throws Exception {
        FilterNode[] farm = farm(container, store);
        CookieClient user = new CookieClient();
        body(user.get(farm[0].url("/cart?add=A")));
        body(user.get(farm[1].url("/cart?add=B")));
        String loggedIn = sessionId(user);
        assertEquals("logged out", body(user.get(farm[1].url("/logout"))));
        for (FilterNode node : farm) {
            CookieClient replay = new CookieClient().withCookie("JSESSIONID", loggedIn);
            assertTrue(body(replay.get(node.url("/cart"))).startsWith("cart=[] "), "no session anywhere");
            assertNotEquals(loggedIn, sessionId(replay));
        }
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("farms")
    void aMalformedSessionCookieGetsAFreshSessionNotAnError(Container container, String store) throws Exception {
        FilterNode[] farm = farm(container, store);
        for (String bad : List.of("..", "%00%ff", "x".repeat(500), "ABC.nodeA.extra", ".nodeB", "\"quoted\"")) {
            CookieClient user = new CookieClient().withCookie("JSESSIONID", bad);
            assertTrue(body(user.get(farm[1].url("/cart?add=Z"))).startsWith("cart=[Z] "), bad);
            assertTrue(sessionId(user).endsWith(".nodeB"), sessionId(user));
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Container.class)
    void nonStickyReadsTheStoreOnEveryRequestAndSavesChangedInPlace(Container container) throws Exception {
        Map<String, String> shared = Map.of("storeUri", storeUri("redis"), "sticky", "false", "keyPrefix",
                "servlet-it/" + UUID.randomUUID().toString().substring(0, 8));
        FilterNode a = node(container, "nodeA", shared);
        FilterNode b = node(container, "nodeB", shared);
        CookieClient user = new CookieClient();
        assertTrue(body(user.get(a.url("/cart?add=A"))).startsWith("cart=[A] "));
        String id = sessionId(user);
        assertTrue(body(user.get(b.url("/cart?add=B"))).startsWith("cart=[A, B] "));
        assertTrue(body(user.get(a.url("/cart?add=C"))).startsWith("cart=[A, B, C] "), "node A read the store");
        assertTrue(body(user.get(b.url("/cart"))).startsWith("cart=[A, B, C] "));
        assertEquals(id, sessionId(user), "non-sticky keeps the id");
        assertEquals("logged out", body(user.get(a.url("/logout"))));
        CookieClient replay = new CookieClient().withCookie("JSESSIONID", id);
        assertTrue(body(replay.get(b.url("/cart"))).startsWith("cart=[] "), "logout ended it everywhere");
    }
}
