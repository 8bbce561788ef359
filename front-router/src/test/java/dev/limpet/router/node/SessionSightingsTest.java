package dev.limpet.router.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.router.persistence.ClientRequest;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.router.persistence.FakeClientRequest;
import dev.limpet.router.persistence.JsessionidMethod;
import dev.limpet.router.persistence.NamedNodeMethod;
import dev.limpet.router.persistence.SignedCookieMethod;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which session keys count as sessions a node holds, and for how long. */
class SessionSightingsTest {

    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
    private final AffinityTokenCodec codec = new AffinityTokenCodec("LIMPET",
            MasterSecrets.parse("sightings-test-secret-0123456789", "t").keyRing(KeyPurpose.ROUTER_COOKIE));
    private final SignedCookieMethod method = new SignedCookieMethod("router-cookie", codec, clock);

    @Test
    void countsValidCookiesPerNodeOncePerValueAndAddress() {
        SessionSightings sightings = new SessionSightings(60, 1000, clock);
        String a = token("node1", 0);
        String b = token("node1", 1);
        for (int i = 0; i < 5; i++) {
            sightings.seen(request(a, "10.0.0.1"), method, "node1");
        }
        sightings.seen(request(b, "10.0.0.1"), method, "node1");
        sightings.seen(request(a, "10.0.0.2"), method, "node1");
        sightings.seen(request(token("node2", 0), "10.0.0.1"), method, "node2");
        assertEquals(3, sightings.pinnedSessions("node1"));
        assertEquals(1, sightings.pinnedSessions("node2"));
    }

    @Test
    void countsEachSessionIdOnceAndIgnoresWhatPinnedNoSession() {
        SessionSightings sightings = new SessionSightings(60, 1000, clock);
        JsessionidMethod jsessionid = new JsessionidMethod(new RouteCodec('.'), "JSESSIONID");
        for (int i = 0; i < 3; i++) {
            sightings.seen(FakeClientRequest.withCookies("JSESSIONID=ABC123.node1"), jsessionid, "node1");
        }
        sightings.seen(new FakeClientRequest("", "/cart;jsessionid=DEF456.node1"), jsessionid, "node1");
        sightings.seen(FakeClientRequest.withCookies("JSESSIONID=GHI789.node2"), jsessionid, "node2");
        sightings.seen(FakeClientRequest.withCookies("JSESSIONID=" + "A".repeat(600) + ".node1"), jsessionid, "node1");
        sightings.seen(FakeClientRequest.withCookies("JSESSIONID=XYZ.node1"), null, "node1");
        sightings.seen(FakeClientRequest.withCookies("JSESSIONID=XYZ.node1"), new NamedNodeMethod("X-Node", null),
                "node1");
        assertEquals(2, sightings.pinnedSessions("node1"));
        assertEquals(1, sightings.pinnedSessions("node2"));
    }

    @Test
    void aSightingCountsUntilItHasIdledForMaxIdleAndSeeingItAgainKeepsIt() {
        SessionSightings sightings = new SessionSightings(60, 1000, clock);
        String kept = token("node1", 0);
        String left = token("node1", 1);
        sightings.seen(request(kept, "10.0.0.1"), method, "node1");
        sightings.seen(request(left, "10.0.0.1"), method, "node1");
        millis.addAndGet(59_000);
        sightings.seen(request(kept, "10.0.0.1"), method, "node1");
        assertEquals(2, sightings.pinnedSessions("node1"));
        millis.addAndGet(2_000);
        assertEquals(1, sightings.pinnedSessions("node1"));
        millis.addAndGet(60_000);
        assertEquals(0, sightings.pinnedSessions("node1"));
    }

    @Test
    void remembersAtMostMaxEntries() {
        SessionSightings sightings = new SessionSightings(60, 10, clock);
        for (int i = 0; i < 50; i++) {
            sightings.seen(request(token("node1", i), "10.0.0.1"), method, "node1");
        }
        assertEquals(10, sightings.pinnedSessions("node1"), 2);
    }

    private String token(String route, long createdOffsetSeconds) {
        long now = millis.get() / 1000;
        return codec.sign(route, now - createdOffsetSeconds, now + 3600);
    }

    private static ClientRequest request(String cookieValue, String address) {
        return FakeClientRequest.fromPeer(address, "LIMPET=" + cookieValue, java.util.Map.of());
    }
}
