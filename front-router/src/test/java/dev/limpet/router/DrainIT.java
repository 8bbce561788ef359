package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static dev.limpet.router.RouterFixture.setCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP: a draining node keeps its sessions, takes no new ones, and the sessions it holds count down to zero
 * as their router cookies idle out; a disabled node takes nothing, not even its pinned users.
 */
class DrainIT {

    @TempDir
    Path dir;

    private RouterFixture fx;
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void drainingNodeKeepsItsSessionsTakesNoNewOnesAndItsCountReachesZero() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [router-cookie]\ndrain:\n  cookieIdleSeconds: 60\n" + AdminClient.yaml(dir),
                clock);
        AdminClient admin = new AdminClient(fx.router);
        List<String> pinned = sessionsOn("node1", 3);
        for (String cookie : pinned) {
            assertEquals("node1", node(fx.get("/cart", "Cookie", cookie)));
        }
        assertEquals(3, admin.node("node1").get("sessions").asLong());

        HttpResponse<String> drained = admin.change("/nodes/node1/state", "draining");
        assertEquals(200, drained.statusCode(), drained.body());
        assertEquals("draining", AdminClient.json(drained).get("state").asText());
        for (int round = 0; round < 3; round++) {
            for (String cookie : pinned) {
                assertEquals("node1", node(fx.get("/cart", "Cookie", cookie)), "existing sessions stay");
            }
        }
        int before = fx.backend("node1").requests();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> fresh = fx.get("/welcome", "Cookie", "LIMPET=forged-or-garbage");
            assertEquals("node2", node(fresh), "a new session never lands on the draining node");
        }
        assertEquals(before, fx.backend("node1").requests());
        assertEquals(3, admin.node("node1").get("sessions").asLong());
        assertTrue(admin.get("/").body().contains("draining"));

        clock.advance(Duration.ofSeconds(30));
        assertEquals("node1", node(fx.get("/cart", "Cookie", pinned.get(0))));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, admin.node("node1").get("sessions").asLong(), "two sessions idled out");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, admin.node("node1").get("sessions").asLong(), "the drained node holds nothing");
        assertEquals(0, fx.router.nodeSessions().held("node1"));
    }

    @Test
    void sessionsLearnedInTheSessionTableCountForTheDrainingNode() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [{method: learn-cookie, name: JSESSIONID}]\n" + AdminClient.yaml(dir), clock);
        AdminClient admin = new AdminClient(fx.router);
        List<String> learned = new ArrayList<>();
        for (int i = 0; i < 10 && learned.size() < 2; i++) {
            HttpResponse<String> r = fx.get("/login?setCookie=JSESSIONID");
            if ("node1".equals(node(r))) {
                learned.add(setCookie(r, "JSESSIONID"));
            }
        }
        assertEquals(2, learned.size());
        assertEquals(2, admin.node("node1").get("sessions").asLong(), "two learned session ids pinned to node1");
        assertEquals(200, admin.change("/nodes/node1/state", "draining").statusCode());
        for (String cookie : learned) {
            assertEquals("node1", node(fx.get("/cart", "Cookie", cookie)), "a learned session stays");
        }
        for (int i = 0; i < 6; i++) {
            assertEquals("node2", node(fx.get("/login?setCookie=JSESSIONID")), "new sessions go elsewhere");
        }
        assertEquals(2, admin.node("node1").get("sessions").asLong());
    }

    @Test
    void disabledNodeTakesNothingNotEvenItsPinnedSessions() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\nrouteHeader: true\n" + AdminClient.yaml(dir), clock);
        AdminClient admin = new AdminClient(fx.router);
        assertEquals(200, admin.change("/nodes/node1/state", "{\"state\": \"disabled\"}").statusCode());
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> pinnedUser = fx.get("/cart", "Cookie", "JSESSIONID=abc.node1");
            assertEquals("node2", node(pinnedUser));
            assertEquals("node2; method=jsessionid; pinned=node1; moved=disabled",
                    pinnedUser.headers().firstValue("X-Limpet-Route").orElse(null));
            assertEquals("node2", node(fx.get("/")));
        }
        assertEquals(0, fx.backend("node1").requests());

        assertEquals(200, admin.change("/nodes/node1/state", "active").statusCode());
        assertEquals("node1", node(fx.get("/cart", "Cookie", "JSESSIONID=abc.node1")), "back in service");
    }

    /** @return {@code n} distinct router cookies (as {@code LIMPET=...}) pinning new sessions to {@code route} */
    private List<String> sessionsOn(String route, int n) throws Exception {
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < 10 * n && cookies.size() < n; i++) {
            clock.advance(Duration.ofSeconds(1)); // a router cookie names its second: one session per second here
            HttpResponse<String> r = fx.get("/login");
            if (route.equals(node(r))) {
                cookies.add(setCookie(r, "LIMPET"));
            }
        }
        assertEquals(n, cookies.size(), "round robin reached " + route);
        return cookies;
    }
}
