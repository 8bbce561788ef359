package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static dev.limpet.router.RouterFixture.setCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP through the router to two real Jetty backends: every learning persistence method (learn-cookie, the
 * aspnet preset, header, source-ip, named-node) keeps a session on the node that created it, learns only from
 * responses, and shrugs off malformed input.
 */
class LearningPersistenceIT {

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private void start(String extra) throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, extra);
    }

    /** Creates a session whose id arrives in {@code Set-Cookie: name=...}, then checks 100 requests stay. */
    private String assertCookiePinned(String name, int requests) throws Exception {
        HttpResponse<String> first = fx.get("/app?setCookie=" + name);
        String cookie = setCookie(first, name);
        assertNotNull(cookie, "the backend set " + name);
        String home = node(first);
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> r = fx.get("/app/page" + i, "Cookie", "theme=dark; " + cookie);
            assertEquals(200, r.statusCode());
            assertEquals(home, node(r), name + " request " + i);
        }
        return home;
    }

    @Test
    void learnCookieKeepsRoutelessJsessionidOnItsNodeForBothNodes() throws Exception {
        start("persistence: [{method: learn-cookie, name: JSESSIONID}]\n");
        Set<String> homes = new HashSet<>();
        for (int user = 0; user < 4; user++) {
            homes.add(assertCookiePinned("JSESSIONID", 100));
        }
        assertEquals(Set.of("node1", "node2"), homes, "new sessions are still balanced");
        assertEquals(4, fx.router.sessionTable().stats().size());
    }

    @Test
    void skeletonConfigWithAspnetPresetPinsAspNetSessionIdAsAspNetSetsIt() throws Exception {
        start("persistence: [aspnet]\n");
        HttpResponse<String> first = fx.get("/?setCookie=ASP.NET_SessionId");
        String header = first.headers().allValues("set-cookie").get(0);
        assertTrue(header.endsWith("; path=/; HttpOnly; SameSite=Lax"), header);
        for (int user = 0; user < 2; user++) {
            assertCookiePinned("ASP.NET_SessionId", 100);
            assertCookiePinned("ASPSESSIONIDQQGGGNCG", 30);
            assertCookiePinned(".AspNetCore.Session", 30);
        }
    }

    @Test
    void valuesTheBackendNeverSetAreNotPinnedAndDeletedCookiesAreForgotten() throws Exception {
        start("persistence: [{method: learn-cookie, name: PHPSESSID}]\n");
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(node(fx.get("/", "Cookie", "PHPSESSID=chosen-by-the-client")));
        }
        assertEquals(Set.of("node1", "node2"), nodes, "a client-invented id pins nothing");
        HttpResponse<String> first = fx.get("/?setCookie=PHPSESSID");
        String cookie = setCookie(first, "PHPSESSID");
        assertEquals(1, fx.router.sessionTable().stats().size());
        fx.get("/?deleteCookie=PHPSESSID", "Cookie", cookie);
        assertEquals(0, fx.router.sessionTable().stats().size(), "Max-Age=0 forgets the key");
    }

    @Test
    void mcpSessionHeaderLearnedFromResponsesPinsLaterRequests() throws Exception {
        start("persistence: [{method: header, name: Mcp-Session-Id}]\n");
        for (int user = 0; user < 2; user++) {
            HttpResponse<String> init = fx.post("/mcp?setHeader=Mcp-Session-Id", "{\"method\":\"initialize\"}");
            String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            for (int i = 0; i < 50; i++) {
                assertEquals(node(init), node(fx.post("/mcp", "{}", "mcp-session-id", id)), "request " + i);
            }
        }
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(node(fx.get("/mcp", "Mcp-Session-Id", "invented")));
        }
        assertEquals(Set.of("node1", "node2"), nodes);
    }

    @Test
    void sourceIpPinsTheClientAndReadsForwardedForOnlyFromTrustedProxies() throws Exception {
        start("persistence: [{method: source-ip, ipv4Prefix: 24, trustedProxies: [127.0.0.0/8]}]\n");
        String a = node(fx.get("/", "X-Forwarded-For", "203.0.113.5"));
        String b = node(fx.get("/", "X-Forwarded-For", "198.51.100.9"));
        for (int i = 0; i < 40; i++) {
            assertEquals(a, node(fx.get("/", "X-Forwarded-For", "203.0.113." + (i + 1))), "same /24");
            assertEquals(b, node(fx.get("/", "X-Forwarded-For", "10.9.9.9, 198.51.100.200")), "rightmost untrusted");
        }
        assertTrue(!a.equals(b), "two subnets were balanced onto both nodes");
        assertEquals(200, fx.get("/", "X-Forwarded-For", "not-an-ip, %%%").statusCode());
    }

    @Test
    void sourceIpIgnoresForwardedForFromUntrustedPeers() throws Exception {
        start("persistence: [source-ip]\n");
        String home = node(fx.get("/"));
        for (int i = 0; i < 40; i++) {
            assertEquals(home, node(fx.get("/", "X-Forwarded-For", "198.51.100." + i)), "request " + i);
        }
    }

    @Test
    void namedNodeHeaderOrQueryChoosesTheNode() throws Exception {
        start("persistence: [{method: named-node, name: X-Limpet-Node, query: node}]\n");
        for (int i = 0; i < 10; i++) {
            assertEquals("node2", node(fx.get("/", "X-Limpet-Node", "node2")));
            assertEquals("node1", node(fx.get("/x?a=1&node=node1")));
        }
        assertEquals(200, fx.get("/", "X-Limpet-Node", "no such node!").statusCode());
    }

    @Test
    void malformedCookiesAndHeadersNeverCauseA500() throws Exception {
        start("persistence: [backend-cookie, jsessionid, router-cookie, aspnet, {method: learn-cookie, name:"
                + " JSESSIONID}, {method: header, name: Mcp-Session-Id}, source-ip]\n");
        String[] cookies = {";;;", "=", "=x", "JSESSIONID", "JSESSIONID=", "JSESSIONID=\"", "JSESSIONID=\"\"",
            "ASPSESSIONID=", "ASPSESSIONIDX", "ASP.NET_SessionId=" + "a".repeat(6000), "LIMPET=1.2.3.4.5.6",
            "JSESSIONID=.", "JSESSIONID=x.", "a=b;;c", "\u00e9=\u00e9"};
        for (String cookie : cookies) {
            assertEquals(200, fx.get("/", "Cookie", cookie).statusCode(), cookie);
        }
        assertEquals(200, fx.get("/", "Mcp-Session-Id", "x".repeat(7000)).statusCode());
        assertEquals(200, fx.get("/", "Mcp-Session-Id", "").statusCode());
        HttpResponse<String> hugeLearned = fx.get("/?setHeader=Mcp-Session-Id", "Mcp-Session-Id", " ");
        assertEquals(200, hugeLearned.statusCode());
    }

    @Test
    void routerCookieOptionsAndCacheControlPrivate() throws Exception {
        start("persistence: [router-cookie]\nrouterCookieSecure: true\nrouterCookieHostPrefix: true\n"
                + "routerCookieSameSite: None\nrouterCookiePartitioned: true\nrouterCookieMaxLifeSeconds: 3600\n");
        HttpResponse<String> first = fx.get("/");
        String header = first.headers().allValues("set-cookie").get(0);
        assertTrue(header.startsWith("__Host-LIMPET=") && header.contains("; Path=/; HttpOnly; SameSite=None;"
                + " Secure; Partitioned"), header);
        assertEquals("private", first.headers().firstValue("Cache-Control").orElseThrow());
        String cookie = setCookie(first, "__Host-LIMPET");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = fx.get("/", "Cookie", cookie);
            assertEquals(node(first), node(r));
            assertTrue(r.headers().firstValue("Cache-Control").isEmpty(), "only responses that set it");
        }
    }
}
