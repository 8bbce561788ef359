package dev.limpet.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.route.RouteCodec;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the affinity-token verifier with untrusted cookie values (docs/fuzzing.md). Contract: {@code verify}
 * never throws; a token whose MAC verifies is exactly what the signer produces for its fields (so the fuzzer
 * cannot forge one); a token bound to one cookie name or key never verifies for another; sign then verify
 * round-trips every valid route and time.
 */
class AffinityTokenCodecFuzzTest {

    /** Seeds in the inputs directory are tokens signed with these secrets and cookie names. */
    static final String SECRET = "fuzz-secret-0123456789abcdef";
    static final String OTHER_SECRET = "fuzz-other-secret-0123456789";
    static final String COOKIE = "X-Backend";
    static final String OTHER_COOKIE = "LIMPET";

    private static final AffinityTokenCodec CODEC = codec(COOKIE, SECRET);
    private static final AffinityTokenCodec OTHER_NAME = codec(OTHER_COOKIE, SECRET);
    private static final AffinityTokenCodec OTHER_KEY = codec(COOKIE, OTHER_SECRET);
    private static final String KEY_ID = CODEC.sign("r", 0, 0).split("\\.")[1];
    private static final long NOW = 1_800_000_000L;

    static AffinityTokenCodec codec(String cookieName, String secret) {
        return new AffinityTokenCodec(cookieName,
                MasterSecrets.parse(secret, "fuzz").keyRing(KeyPurpose.BACKEND_COOKIE));
    }

    @FuzzTest(maxDuration = "10m")
    void verifyAcceptsOnlyWhatTheSignerProduced(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        AffinityTokenCodec.Verification mine = CODEC.verify(value, NOW);
        boolean accepted = accepted(mine);
        if (accepted) {
            AffinityToken t = mine.token().orElseThrow();
            assertEquals(CODEC.sign(t.route(), t.createdSeconds(), t.expiresSeconds()), value);
            assertEquals(NOW >= t.expiresSeconds() ? TokenVerdict.EXPIRED : TokenVerdict.VALID, mine.verdict());
        } else {
            assertTrue(mine.token().isEmpty());
        }
        if (value.length() > AffinityTokenCodec.MAX_TOKEN_LENGTH) {
            assertEquals(TokenVerdict.MALFORMED, mine.verdict());
        }
        AffinityTokenCodec.Verification otherName = OTHER_NAME.verify(value, NOW);
        AffinityTokenCodec.Verification otherKey = OTHER_KEY.verify(value, NOW);
        assertFalse(accepted && accepted(otherName), "one token verified for two cookie names: " + value);
        assertFalse(accepted && accepted(otherKey), "one token verified under two keys: " + value);
        assertEquals(mine.token().isPresent(), accepted);
        assertEquals(mine.verdict() == TokenVerdict.VALID, CODEC.read(value, NOW).isPresent());
    }

    @FuzzTest(maxDuration = "10m")
    void signThenVerifyRoundTrips(FuzzedDataProvider data) {
        long created = data.consumeLong(0, 999_999_999_999L);
        long expires = data.consumeLong(created, 999_999_999_999L);
        long now = data.consumeLong();
        String route = data.consumeRemainingAsAsciiString();
        if (!RouteCodec.isValidRoute(route)) {
            assertThrows(IllegalArgumentException.class, () -> CODEC.sign(route, created, expires));
            return;
        }
        String token = CODEC.sign(route, created, expires);
        assertTrue(token.length() <= AffinityTokenCodec.MAX_TOKEN_LENGTH, token);
        AffinityTokenCodec.Verification v = CODEC.verify(token, now);
        assertEquals(now >= expires ? TokenVerdict.EXPIRED : TokenVerdict.VALID, v.verdict());
        assertEquals(new AffinityToken(KEY_ID, route, created, expires),
                v.token().orElseThrow());
        assertNotEquals(TokenVerdict.VALID, OTHER_NAME.verify(token, now).verdict());
        assertEquals(TokenVerdict.UNKNOWN_KEY, OTHER_KEY.verify(token, now).verdict());
    }

    private static boolean accepted(AffinityTokenCodec.Verification v) {
        return v.verdict() == TokenVerdict.VALID || v.verdict() == TokenVerdict.EXPIRED;
    }
}
