package dev.limpet.router.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityToken;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.router.config.RouterCookieConfig;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** maxIdle/maxLife semantics, RFC 6265bis attributes and Cache-Control: private of the router cookie. */
class RouterCookieIssuerTest {

    private static final long NOW = 1_800_000_000L;
    private final AffinityTokenCodec codec = new AffinityTokenCodec("__Host-LIMPET",
            MasterSecrets.parse("router-cookie-issuer-test-0001", "test").keyRing(KeyPurpose.ROUTER_COOKIE));
    private final RouterCookieConfig config = new RouterCookieConfig("__Host-LIMPET", 3600, "None", true, 5400, true,
            true, true, null, "/", true);
    private final RouterCookieIssuer issuer = new RouterCookieIssuer(codec, config,
            InstantSource.fixed(Instant.ofEpochSecond(NOW)));

    private AffinityToken token(String setCookie) {
        String value = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        return codec.read(value, NOW).orElseThrow();
    }

    @Test
    void attributesAndIdleRefreshCappedByMaxLife() {
        String fresh = issuer.setCookieFor(null, "node1");
        assertTrue(fresh.endsWith("; Path=/; HttpOnly; SameSite=None; Secure; Partitioned"), fresh);
        assertEquals(NOW + 3600, token(fresh).expiresSeconds());
        String young = "__Host-LIMPET=" + codec.sign("node1", NOW - 100, NOW + 3000) + "; x";
        assertNull(issuer.setCookieFor(token(young), "node1"), "more than half of maxIdle left");
        String idle = "__Host-LIMPET=" + codec.sign("node1", NOW - 3000, NOW + 600) + "; x";
        assertEquals(NOW - 3000 + 5400, token(issuer.setCookieFor(token(idle), "node1")).expiresSeconds(),
                "refreshed, but never past created + maxLife");
        String old = "__Host-LIMPET=" + codec.sign("node1", NOW - 5000, NOW + 400) + "; x";
        assertNull(issuer.setCookieFor(token(old), "node1"), "at maxLife already: no pointless refresh");
    }

    @Test
    void cacheControlIsMadePrivate() {
        for (List<String> c : List.of(List.of("", "private"), List.of("public, max-age=60", "private, max-age=60"),
                List.of("no-store", "no-store"), List.of("private, max-age=5", "private, max-age=5"))) {
            Map<String, String> client = new HashMap<>();
            issuer.markPrivate(new ServerResponse() {
                @Override
                public String header(String name) {
                    return c.get(0).isEmpty() ? null : c.get(0);
                }

                @Override
                public List<String> headerValues(String name) {
                    return List.of();
                }

                @Override
                public void putClientHeader(String name, String value) {
                    client.put(name, value);
                }
            });
            assertEquals(c.get(1), client.getOrDefault("Cache-Control", c.get(0)), c.get(0));
        }
    }
}
