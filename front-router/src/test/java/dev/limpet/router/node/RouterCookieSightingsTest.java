package dev.limpet.router.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.persistence.ClientRequest;
import dev.limpet.router.persistence.CookieScanner;
import dev.limpet.router.persistence.SignedCookieMethod;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which router cookies count as sessions a node holds, and for how long. */
class RouterCookieSightingsTest {

    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
    private final AffinityTokenCodec codec = new AffinityTokenCodec("LIMPET",
            MasterSecrets.parse("sightings-test-secret-0123456789", "t").keyRing(KeyPurpose.ROUTER_COOKIE));
    private final SignedCookieMethod method = new SignedCookieMethod("router-cookie", codec, clock);
    private final NodeRegistry nodes = new NodeRegistry(List.of(
            new BackendConfig("node1", URI.create("http://127.0.0.1:9001")),
            new BackendConfig("node2", URI.create("http://127.0.0.1:9002"))));

    @Test
    void countsValidCookiesPerNodeOncePerValueAndAddress() {
        RouterCookieSightings sightings = new RouterCookieSightings(60, 1000, clock);
        String a = token("node1", 0);
        String b = token("node1", 1);
        for (int i = 0; i < 5; i++) {
            sightings.seen(request(a, "10.0.0.1"), method, nodes);
        }
        sightings.seen(request(b, "10.0.0.1"), method, nodes);
        sightings.seen(request(a, "10.0.0.2"), method, nodes);
        sightings.seen(request(token("node2", 0), "10.0.0.1"), method, nodes);
        assertEquals(3, sightings.pinnedSessions("node1"));
        assertEquals(1, sightings.pinnedSessions("node2"));
    }

    @Test
    void ignoresForgedMalformedOversizedAndUnknownRouteCookies() {
        RouterCookieSightings sightings = new RouterCookieSightings(60, 1000, clock);
        String valid = token("node1", 0);
        String[] bad = {"", "garbage", valid.substring(0, valid.length() - 2) + "xx", "A".repeat(600),
            token("node9", 0), "\"", valid + "=="};
        for (String value : bad) {
            sightings.seen(request(value, "10.0.0.1"), method, nodes);
        }
        assertEquals(0, sightings.pinnedSessions("node1"));
        assertEquals(0, sightings.pinnedSessions("node9"));
    }

    @Test
    void aSightingCountsUntilItHasIdledForMaxIdleAndSeeingItAgainKeepsIt() {
        RouterCookieSightings sightings = new RouterCookieSightings(60, 1000, clock);
        String kept = token("node1", 0);
        String left = token("node1", 1);
        sightings.seen(request(kept, "10.0.0.1"), method, nodes);
        sightings.seen(request(left, "10.0.0.1"), method, nodes);
        millis.addAndGet(59_000);
        sightings.seen(request(kept, "10.0.0.1"), method, nodes);
        assertEquals(2, sightings.pinnedSessions("node1"));
        millis.addAndGet(2_000);
        assertEquals(1, sightings.pinnedSessions("node1"));
        millis.addAndGet(60_000);
        assertEquals(0, sightings.pinnedSessions("node1"));
    }

    @Test
    void remembersAtMostMaxEntries() {
        RouterCookieSightings sightings = new RouterCookieSightings(60, 10, clock);
        for (int i = 0; i < 50; i++) {
            sightings.seen(request(token("node1", i), "10.0.0.1"), method, nodes);
        }
        assertEquals(10, sightings.pinnedSessions("node1"), 2);
    }

    private String token(String route, long createdOffsetSeconds) {
        long now = millis.get() / 1000;
        return codec.sign(route, now - createdOffsetSeconds, now + 3600);
    }

    private static ClientRequest request(String cookieValue, String address) {
        return new ClientRequest() {
            @Override
            public String cookie(String name) {
                return CookieScanner.find("LIMPET=" + cookieValue, name);
            }

            @Override
            public String rawPath() {
                return "/";
            }

            @Override
            public String remoteAddress() {
                return address;
            }
        };
    }
}
