package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static dev.limpet.router.RouterFixture.setCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityTokenCodec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP through the router to two real Jetty backends: every persistence method keeps a user on its node. */
class StickinessIT {

    @TempDir
    Path dir;

    private RouterFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [backend-cookie, jsessionid, router-cookie]\n");
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void backendSetXBackendCookieKeepsUserOnItsNodeFor100Requests() throws Exception {
        for (int user = 0; user < 2; user++) {
            HttpResponse<String> first = fx.get("/app?backendCookie=1");
            String xBackend = setCookie(first, "X-Backend");
            assertNotNull(xBackend, "the backend signs and sets X-Backend");
            String home = node(first);
            for (int i = 0; i < 100; i++) {
                HttpResponse<String> r = fx.get("/app/page" + i, "Cookie", xBackend);
                assertEquals(200, r.statusCode());
                assertEquals(home, node(r), "request " + i);
            }
        }
    }

    @Test
    void routeSuffixOfJsessionidCookieKeepsUserOnItsNode() throws Exception {
        for (String route : new String[] {"node1", "node2"}) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = fx.get("/app", "Cookie", "other=1; JSESSIONID=4F2A9C0011." + route);
                assertEquals(route, node(r));
            }
        }
    }

    @Test
    void routeSuffixOfJsessionidPathParameterInEitherCaseKeepsUserOnItsNode() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> lower = fx.get("/app/cart;jsessionid=ABCDEF.node2?item=" + i);
            assertEquals("node2", node(lower));
            assertEquals("/app/cart;jsessionid=ABCDEF.node2?item=" + i,
                    lower.headers().firstValue("X-Seen-Path").orElseThrow(), "the path parameter reaches the node");
            assertEquals("node1", node(fx.get("/app/cart;JSESSIONID=ABCDEF.node1")));
        }
    }

    @Test
    void routerCookieIsInsertedOnceAndHonoured() throws Exception {
        HttpResponse<String> first = fx.get("/");
        String header = first.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("LIMPET="))
                .findFirst().orElseThrow();
        assertTrue(header.contains("; Path=/") && header.contains("; HttpOnly") && header.contains("; SameSite=Lax"),
                header);
        String limpet = setCookie(first, "LIMPET");
        String home = node(first);
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = fx.get("/", "Cookie", limpet);
            assertEquals(home, node(r));
            assertNull(setCookie(r, "LIMPET"), "a valid router cookie for the serving node is not re-sent");
        }
    }

    @Test
    void unpinnedRequestsAreSpreadRoundRobin() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            seen.add(node(fx.get("/")));
        }
        assertEquals(Set.of("node1", "node2"), seen);
    }

    @Test
    void forgedExpiredTamperedUnknownKeyAndOversizedXBackendValuesAreIgnoredAndStillServed() throws Exception {
        AffinityTokenCodec ours = new AffinityTokenCodec("X-Backend", fx.secrets.keyRing(KeyPurpose.BACKEND_COOKIE));
        AffinityTokenCodec foreign = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse("some-other-farm-secret-0000000001", "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        long now = Instant.now().getEpochSecond();
        String valid = ours.sign("node1", now, now + 600);
        String[] bad = {
            "1.AAAAAAAA.node1.1700000000.1700001800.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // forged
            ours.sign("node1", now - 7200, now - 3600), // expired
            valid.replace(".node1.", ".node2."), // tampered route
            valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A"), // tampered MAC
            foreign.sign("node1", now, now + 600), // unknown key
            ours.sign("node1", now, now + 600) + "A".repeat(4000), // oversized
            "%%%", "", "....."};
        for (String value : bad) {
            Set<String> nodes = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = fx.get("/", "Cookie", "X-Backend=" + value);
                assertEquals(200, r.statusCode(), value);
                nodes.add(node(r));
            }
            assertEquals(Set.of("node1", "node2"), nodes, "not pinned by [" + value + "]");
        }
    }

    @Test
    void forwardedHeadersAreSentAndClientPreviousRouteIsDropped() throws Exception {
        HttpResponse<String> r = fx.get("/", "X-Forwarded-For", "203.0.113.7", "X-Limpet-Previous-Route", "evil",
                "Cookie", "JSESSIONID=a.node1");
        assertEquals("203.0.113.7, 127.0.0.1", r.headers().firstValue("X-Seen-Forwarded-For").orElseThrow());
        assertEquals("http", r.headers().firstValue("X-Seen-Forwarded-Proto").orElseThrow());
        assertEquals("127.0.0.1:" + fx.router.port(), r.headers().firstValue("X-Seen-Forwarded-Host").orElseThrow());
        assertEquals("127.0.0.1:" + fx.router.port(), r.headers().firstValue("X-Seen-Host").orElseThrow());
        assertTrue(r.headers().firstValue("X-Seen-Previous-Route").isEmpty());
    }

    @Test
    void requestBodyIsForwarded() throws Exception {
        String body = "x".repeat(100_000);
        HttpResponse<String> r = fx.post("/submit", body, "Cookie", "JSESSIONID=a.node2");
        assertEquals(200, r.statusCode());
        assertEquals("node=node2\n" + body, r.body());
    }
}
