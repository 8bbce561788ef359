package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static dev.limpet.router.RouterFixture.setCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistence classes over real HTTP: each path gets its class's methods, and when the pinned node dies each
 * failure mode does what it says (rebalance and re-pin, sorry page, closed connection, strict 503 without ever
 * moving the session).
 */
class FailureModesIT {

    private static final String CLASSES = """
            passiveDownMillis: 200
            persistence: [{method: learn-cookie, name: JSESSIONID}]
            classes:
              - {path: /static/, persistence: []}
              - {pathRegex: '^/mcp', persistence: [{method: header, name: Mcp-Session-Id}], onFailure: strict}
              - path: /shop/**
                persistence: [{method: learn-cookie, name: JSESSIONID}]
                onFailure: sorry
                sorryStatus: 503
                sorryPage: sorry.html
              - {path: /close/, persistence: [{method: learn-cookie, name: JSESSIONID}], onFailure: close}
            """;

    @TempDir
    Path dir;

    private RouterFixture fx;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("sorry.html"), "<p>Back soon</p>\n");
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, CLASSES);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private String other(String route) {
        return route.equals("node1") ? "node2" : "node1";
    }

    @Test
    void aPathWithoutPersistenceIsBalancedFreelyEvenWithASession() throws Exception {
        HttpResponse<String> first = fx.get("/app?setCookie=JSESSIONID");
        String cookie = setCookie(first, "JSESSIONID");
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(node(fx.get("/static/app.css", "Cookie", cookie)));
            assertEquals(node(first), node(fx.get("/app/page", "Cookie", cookie)));
        }
        assertEquals(Set.of("node1", "node2"), nodes);
    }

    @Test
    void rebalanceMovesTheSessionToALiveNodeAndRepinsItThere() throws Exception {
        HttpResponse<String> first = fx.get("/app?setCookie=JSESSIONID");
        String cookie = setCookie(first, "JSESSIONID");
        String home = node(first);
        fx.backend(home).stop();
        HttpResponse<String> moved = fx.get("/app", "Cookie", cookie);
        assertEquals(200, moved.statusCode());
        assertEquals(other(home), node(moved));
        assertEquals(home, moved.headers().firstValue("X-Seen-Previous-Route").orElseThrow());
        fx.backend(home).start();
        Thread.sleep(300); // the scenario: home is back and has had time to be seen up; the session stays moved
        for (int i = 0; i < 20; i++) {
            assertEquals(other(home), node(fx.get("/app", "Cookie", cookie)), "re-pinned, request " + i);
        }
    }

    @Test
    void strictAnswers503AndNeverMovesTheSessionThenServesItAgainAtHome() throws Exception {
        HttpResponse<String> init = fx.post("/mcp?setHeader=Mcp-Session-Id", "{}");
        String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String home = node(init);
        int otherBefore = fx.backend(other(home)).requests();
        fx.backend(home).stop();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = fx.get("/mcp", "Mcp-Session-Id", id);
            assertEquals(503, r.statusCode());
            assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
        }
        assertEquals(otherBefore, fx.backend(other(home)).requests(), "never silently moved");
        fx.backend(home).start();
        Thread.sleep(300); // the scenario: home is back and has had time to be seen up
        for (int i = 0; i < 10; i++) {
            assertEquals(home, node(fx.post("/mcp", "{}", "Mcp-Session-Id", id)));
        }
    }

    /** @return the session cookie of a session created at {@code path}, after its node was stopped */
    private String sessionOnStoppedNode(String path) throws Exception {
        HttpResponse<String> first = fx.get(path + "?setCookie=JSESSIONID");
        fx.backend(node(first)).stop();
        return setCookie(first, "JSESSIONID");
    }

    @Test
    void sorryAnswersTheConfiguredStatusAndPage() throws Exception {
        String cookie = sessionOnStoppedNode("/shop/cart");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = fx.get("/shop/cart", "Cookie", cookie);
            assertEquals(503, r.statusCode());
            assertEquals("<p>Back soon</p>\n", r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(200, fx.get("/shop/cart").statusCode(), "users without a pin are still served");
        }
    }

    @Test
    void closeDropsTheConnectionWithoutAResponse() throws Exception {
        String cookie = sessionOnStoppedNode("/close/x");
        for (int i = 0; i < 2; i++) {
            assertThrows(IOException.class, () -> fx.get("/close/x", "Cookie", cookie));
        }
        assertEquals(200, fx.get("/close/x").statusCode());
    }
}
