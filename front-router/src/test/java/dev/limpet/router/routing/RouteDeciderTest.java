package dev.limpet.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.router.balance.RoundRobinBalancer;
import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.RouterCookieConfig;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;
import dev.limpet.router.persistence.FakeClientRequest;
import dev.limpet.router.persistence.JsessionidMethod;
import dev.limpet.router.persistence.PersistenceMethods;
import dev.limpet.router.persistence.RouterCookieIssuer;
import dev.limpet.router.persistence.SignedCookieMethod;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteDeciderTest {

    private static final long NOW = 1_800_000_000L;
    private final InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(NOW));
    private final MasterSecrets secrets = MasterSecrets.parse("route-decider-test-secret-0001", "test");
    private final AffinityTokenCodec routerCodec = new AffinityTokenCodec("LIMPET",
            secrets.keyRing(KeyPurpose.ROUTER_COOKIE));
    private final AffinityTokenCodec backendCodec = new AffinityTokenCodec("X-Backend",
            secrets.keyRing(KeyPurpose.BACKEND_COOKIE));
    private final NodeRegistry registry = new NodeRegistry(List.of(
            new BackendConfig("node1", URI.create("http://127.0.0.1:1")),
            new BackendConfig("node2", URI.create("http://127.0.0.1:2")),
            new BackendConfig("node3", URI.create("http://127.0.0.1:3"))));
    private final SignedCookieMethod routerCookie = new SignedCookieMethod(PersistenceMethods.ROUTER_COOKIE,
            routerCodec, clock);
    private final RouteDecider decider = new RouteDecider(List.of(
            new SignedCookieMethod(PersistenceMethods.BACKEND_COOKIE, backendCodec, clock),
            new JsessionidMethod(RouteCodec.tomcatDefault(), "JSESSIONID"), routerCookie), routerCookie,
            new RouterCookieIssuer(routerCodec, new RouterCookieConfig("LIMPET", 3600, "Lax", false), clock),
            registry, new RoundRobinBalancer());

    private static ClientRequest cookies(String header) {
        return FakeClientRequest.withCookies(header);
    }

    private String limpet(String route, long created, long expires) {
        return "LIMPET=" + routerCodec.sign(route, created, expires);
    }

    @Test
    void theFirstMethodNamingAKnownNodeWins() {
        String xBackend = "X-Backend=" + backendCodec.sign("node2", NOW, NOW + 60);
        RoutingDecision d = decider.decide(cookies(xBackend + "; JSESSIONID=a.node3"), null);
        assertEquals("node2", d.node().route());
        assertNull(d.previousRoute());
        RoutingDecision unknown = decider.decide(cookies("JSESSIONID=a.nodeX; " + limpet("node3", NOW, NOW + 3600)),
                null);
        assertEquals("node3", unknown.node().route(), "an unknown route falls through to the next method");
        assertNull(unknown.setCookie(), "a valid, fresh router cookie for the serving node is kept");
    }

    @Test
    void aDownPinIsServedByTheNextUsableMethodOrTheBalancerAndRemembered() {
        registry.find("node1").markConnectFailure(System.nanoTime(), 60_000);
        RoutingDecision viaCookie = decider.decide(cookies("JSESSIONID=a.node1; " + limpet("node3", NOW, NOW + 3600)),
                null);
        assertEquals("node3", viaCookie.node().route(), "a previous failover's router cookie is honoured");
        assertEquals("node1", viaCookie.previousRoute());
        RoutingDecision rebalanced = decider.decide(cookies("JSESSIONID=a.node1"), null);
        assertTrue(List.of("node2", "node3").contains(rebalanced.node().route()));
        assertEquals("node1", rebalanced.previousRoute());
        assertTrue(rebalanced.setCookie().startsWith("LIMPET=1."), "re-pinned with a fresh router cookie");
        assertTrue(routerCodec.read(rebalanced.setCookie().substring(7, rebalanced.setCookie().indexOf(';')), NOW)
                .orElseThrow().route().equals(rebalanced.node().route()));
    }

    @Test
    void excludedNodeIsNotChosenAgain() {
        RoutingDecision d = decider.decide(cookies("JSESSIONID=a.node2"), registry.find("node2"));
        assertTrue(List.of("node1", "node3").contains(d.node().route()));
        assertEquals("node2", d.previousRoute());
    }

    @Test
    void routerCookieIsRefreshedPastHalfItsLifetimeKeepingItsCreationTime() {
        RoutingDecision d = decider.decide(cookies(limpet("node2", NOW - 5000, NOW + 100)), null);
        assertEquals("node2", d.node().route());
        assertNotNull(d.setCookie());
        var token = routerCodec.read(d.setCookie().substring(7, d.setCookie().indexOf(';')), NOW).orElseThrow();
        assertEquals(NOW - 5000, token.createdSeconds());
        assertEquals(NOW + 3600, token.expiresSeconds());
        assertTrue(d.setCookie().endsWith("; Path=/; HttpOnly; SameSite=Lax"));
    }

    @Test
    void noUsableNodeGivesNoNode() {
        registry.nodes().forEach(n -> n.markConnectFailure(System.nanoTime(), 60_000));
        RoutingDecision d = decider.decide(cookies("JSESSIONID=a.node1"), null);
        assertNull(d.node());
    }
}
