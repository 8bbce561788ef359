package dev.limpet.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AffinityTokenCodecTest {

    static List<TokenVectors.Vector> vectors() {
        return TokenVectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vectorVerifiesAsSpecified(TokenVectors.Vector v) {
        AffinityTokenCodec codec = new AffinityTokenCodec(v.cookieName(), v.keyRing());
        AffinityTokenCodec.Verification result = codec.verify(v.token(), v.nowSeconds());
        assertEquals(v.verdict(), result.verdict());
        if (v.verdict() == TokenVerdict.VALID) {
            assertEquals(v.route(), result.token().orElseThrow().route());
            assertEquals(v.createdSeconds(), result.token().orElseThrow().createdSeconds());
            assertEquals(v.expiresSeconds(), result.token().orElseThrow().expiresSeconds());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.limpet.core.token.TokenVectors#valid")
    void signingReproducesValidVectorsWhenTheirKeySigns(TokenVectors.Vector v) {
        String[] secrets = v.secrets().split("\n");
        // The vector's token was signed by one of the listed secrets; put each first in turn.
        boolean reproduced = false;
        for (String secret : secrets) {
            AffinityTokenCodec codec = new AffinityTokenCodec(v.cookieName(),
                    MasterSecrets.parse(secret, "test").keyRing(v.purpose()));
            reproduced |= v.token().equals(codec.sign(v.route(), v.createdSeconds(), v.expiresSeconds()));
        }
        assertTrue(reproduced, "no listed secret reproduces " + v.token());
    }

    @Test
    void roundTripAndNonCanonicalMacRejected() {
        AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse("0123456789abcdef-secret", "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        String token = codec.sign("node7", 100, 200);
        assertTrue(token.length() <= AffinityTokenCodec.MAX_TOKEN_LENGTH);
        assertEquals("node7", codec.read(token, 150).orElseThrow().route());
        assertFalse(codec.read(token, 200).isPresent());
        // Flip the low bits of the last MAC character: may decode to the same bytes, must still fail.
        char last = token.charAt(token.length() - 1);
        char other = last == 'A' ? 'B' : (char) (last ^ 1);
        String altered = token.substring(0, token.length() - 1) + other;
        assertEquals(TokenVerdict.BAD_MAC, codec.verify(altered, 150).verdict());
        assertEquals(TokenVerdict.MALFORMED, codec.verify(null, 150).verdict());
        assertEquals(TokenVerdict.MALFORMED, codec.verify("", 150).verdict());
        assertEquals(TokenVerdict.MALFORMED, codec.verify("1.a.b.c.d.e.f", 150).verdict());
    }

    @Test
    void signRejectsBadInput() {
        AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse("0123456789abcdef-secret", "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        assertThrows(IllegalArgumentException.class, () -> codec.sign("bad route", 1, 2));
        assertThrows(IllegalArgumentException.class, () -> codec.sign("node1", 5, 2));
        assertThrows(IllegalArgumentException.class, () -> new AffinityTokenCodec("", MasterSecrets.parse("0123456789abcdef-secret", "t").keyRing(KeyPurpose.ROUTER_COOKIE)));
    }
}
