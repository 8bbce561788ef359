package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static dev.limpet.router.RouterFixture.setCookie;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP: a stopped node's users move to another node and are re-pinned; no node at all gives a plain 503. */
class FailoverIT {

    private static final String ALL_METHODS = "persistence: [backend-cookie, jsessionid, router-cookie]\n";

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void stoppedNodesUsersAreServedElsewhereRepinnedAndTheNewNodeLearnsThePreviousRoute() throws Exception {
        fx = new RouterFixture("node1", "node2", "node3");
        fx.start(dir, ALL_METHODS);
        String cookies = pinnedTo("node1");
        fx.backend("node1").stop();

        HttpResponse<String> moved = fx.get("/cart", "Cookie", cookies);
        assertEquals(200, moved.statusCode());
        String newHome = node(moved);
        assertFalse("node1".equals(newHome));
        assertEquals("node1", moved.headers().firstValue("X-Seen-Previous-Route").orElse(null));
        String limpet = setCookie(moved, "LIMPET");
        assertNotNull(limpet, "a fresh router cookie pins the user to the new node");

        String repinned = cookies.replaceAll("LIMPET=[^;]*", limpet);
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = fx.get("/cart", "Cookie", repinned);
            assertEquals(newHome, node(r), "the user stays on the new node, request " + i);
            assertNull(setCookie(r, "LIMPET"));
        }
    }

    @Test
    void postToAStoppedPinnedNodeIsSentToAnotherNodeBecauseNothingWasSent() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\n");
        fx.backend("node1").stop();
        HttpResponse<String> r = fx.post("/order", "qty=1", "Cookie", "JSESSIONID=abc.node1");
        assertEquals(200, r.statusCode());
        assertEquals("node=node2\nqty=1", r.body());
        assertEquals("node1", r.headers().firstValue("X-Seen-Previous-Route").orElse(null));
    }

    @Test
    void allNodesDownGivesAShortPlain503() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, ALL_METHODS);
        fx.backend("node1").stop();
        fx.backend("node2").stop();
        for (String cookie : new String[] {"JSESSIONID=a.node1", "x=y"}) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = fx.get("/", "Cookie", cookie);
                assertEquals(503, r.statusCode());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                assertTrue(r.body().contains("no backend node is available"), r.body());
                assertTrue(r.body().length() < 200 && !r.body().contains("Exception"), r.body());
            }
        }
    }

    @Test
    void nodeThatComesBackIsUsedAgainAfterPassiveDownTime() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\npassiveDownMillis: 200\n");
        TestBackend node1 = fx.backend("node1");
        node1.stop();
        assertEquals("node2", node(fx.get("/", "Cookie", "JSESSIONID=a.node1")));
        node1.start();
        await("node1 serves its session again").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> node(fx.get("/", "Cookie", "JSESSIONID=a.node1")), "node1"::equals);
    }

    /** @return a Cookie header pinning to {@code route} by X-Backend, JSESSIONID and the router cookie */
    private String pinnedTo(String route) throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = fx.get("/login?backendCookie=1");
            if (route.equals(node(r))) {
                return setCookie(r, "X-Backend") + "; JSESSIONID=F00." + route + "; " + setCookie(r, "LIMPET");
            }
        }
        throw new AssertionError("round robin never reached " + route);
    }
}
