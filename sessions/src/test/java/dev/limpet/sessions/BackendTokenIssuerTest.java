package dev.limpet.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityToken;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.core.token.TokenVectors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendTokenIssuerTest {

    private static final long NOW = 1_700_000_000L;
    private final AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
            MasterSecrets.parse("correct horse battery staple 01", "test").keyRing(KeyPurpose.BACKEND_COOKIE));

    private BackendTokenIssuer issuerAt(long seconds) {
        return new BackendTokenIssuer(codec, "node1", Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC));
    }

    private AffinityToken decode(String token, long now) {
        return codec.read(token, now).orElseThrow(() -> new AssertionError("does not verify: " + token));
    }

    @Test
    void issuesATokenNamingThisRouteWhenNoneIsPresented() {
        String token = issuerAt(NOW).tokenToIssue(List.of(), 1800).orElseThrow();
        assertEquals(new AffinityToken(codec.read(token, NOW).get().keyId(), "node1", NOW, NOW + 1800), decode(token, NOW));
    }

    @Test
    void aFreshTokenForThisRouteIsNotReissued() {
        String token = issuerAt(NOW).tokenToIssue(List.of(), 1800).orElseThrow();
        assertEquals(Optional.empty(), issuerAt(NOW + 899).tokenToIssue(List.of(token), 1800));
    }

    @Test
    void pastHalfItsLifetimeATokenIsRefreshedKeepingItsCreationTime() {
        String token = issuerAt(NOW).tokenToIssue(List.of(), 1800).orElseThrow();
        String refreshed = issuerAt(NOW + 900).tokenToIssue(List.of(token), 1800).orElseThrow();
        AffinityToken decoded = decode(refreshed, NOW + 900);
        assertEquals(NOW, decoded.createdSeconds());
        assertEquals(NOW + 900 + 1800, decoded.expiresSeconds());
    }

    @Test
    void aTokenForAnotherRouteStartsANewPin() {
        String other = codec.sign("node2", NOW - 100, NOW + 1700);
        AffinityToken decoded = decode(issuerAt(NOW).tokenToIssue(List.of(other), 1800).orElseThrow(), NOW);
        assertEquals("node1", decoded.route());
        assertEquals(NOW, decoded.createdSeconds());
    }

    @Test
    void everyRejectedVectorIsReplacedByAFreshToken() {
        for (TokenVectors.Vector vector : TokenVectors.invalid()) {
            AffinityTokenCodec vectorCodec = new AffinityTokenCodec(vector.cookieName(), vector.keyRing());
            Clock clock = Clock.fixed(Instant.ofEpochSecond(vector.nowSeconds()), ZoneOffset.UTC);
            BackendTokenIssuer issuer = new BackendTokenIssuer(vectorCodec, "node1", clock);
            String issued = issuer.tokenToIssue(List.of(vector.token()), 600)
                    .orElseThrow(() -> new AssertionError(vector.name() + " was accepted"));
            AffinityToken decoded = vectorCodec.read(issued, vector.nowSeconds()).orElseThrow();
            assertEquals(vector.nowSeconds(), decoded.createdSeconds(), vector.name());
            assertEquals("node1", decoded.route(), vector.name());
        }
    }

    @Test
    void theValidBackendVectorsOfThisRouteAreAccepted() {
        for (TokenVectors.Vector vector : TokenVectors.valid()) {
            AffinityTokenCodec vectorCodec = new AffinityTokenCodec(vector.cookieName(), vector.keyRing());
            Clock clock = Clock.fixed(Instant.ofEpochSecond(vector.nowSeconds()), ZoneOffset.UTC);
            BackendTokenIssuer issuer = new BackendTokenIssuer(vectorCodec, vector.route(), clock);
            assertEquals(Optional.empty(), issuer.tokenToIssue(List.of(vector.token()), 1800), vector.name());
        }
    }

    @Test
    void oneFreshTokenAmongSeveralCookiesIsEnough() {
        String fresh = issuerAt(NOW).tokenToIssue(List.of(), 1800).orElseThrow();
        assertEquals(Optional.empty(), issuerAt(NOW + 10).tokenToIssue(List.of("garbage", codec.sign("node2", NOW, NOW + 1800), fresh), 1800));
    }

    @Test
    void anExpiredTokenOfThisRouteStartsANewPin() {
        String old = codec.sign("node1", NOW - 5000, NOW - 1);
        assertEquals(NOW, decode(issuerAt(NOW).tokenToIssue(List.of(old), 1800).orElseThrow(), NOW).createdSeconds());
    }

    @Test
    void rejectsInvalidRoutesAndLifetimes() {
        Clock clock = Clock.systemUTC();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BackendTokenIssuer(codec, "no.de", clock));
        assertTrue(e.getMessage().contains("no.de"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> issuerAt(NOW).tokenToIssue(List.of(), 0));
    }
}
