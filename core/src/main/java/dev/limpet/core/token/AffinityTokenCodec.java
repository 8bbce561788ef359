package dev.limpet.core.token;

import dev.limpet.core.keys.DerivedKey;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.route.RouteCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies Limpet affinity tokens, the value of the backend-set {@code X-Backend} cookie and of
 * the router-inserted cookie (docs/architecture.md §2; the normative description with test vectors is
 * {@code docs/affinity-token.md}).
 *
 * <p>Grammar: {@code 1.<keyId>.<route>.<createdSeconds>.<expiresSeconds>.<mac>} where {@code keyId} is 8
 * base64url characters, {@code route} matches {@code [A-Za-z0-9_-]{1,64}}, the times are decimal Unix
 * seconds without leading zeros (at most 12 digits), and {@code mac} is the unpadded base64url encoding of
 * HMAC-SHA256 (RFC 2104) over the ASCII string {@code <cookieName> "=" <the first five fields joined by ".">}
 * with the key of {@code keyId}; the
 * encoded MAC is compared as text, so only the canonical encoding verifies. The value is at most {@link #MAX_TOKEN_LENGTH} characters and is a valid
 * RFC 6265 cookie value.
 *
 * <p>Verification never throws on untrusted input: it answers a {@link TokenVerdict}. MACs are compared in
 * constant time ({@link MessageDigest#isEqual}).
 *
 * <p>Immutable and thread-safe.
 */
public final class AffinityTokenCodec {

    /** Upper bound of a token's length in characters; longer input is rejected before any parsing. */
    public static final int MAX_TOKEN_LENGTH = 160;

    private static final String VERSION = "1";
    private static final int KEY_ID_LENGTH = 8;
    private static final int MAC_LENGTH = 43;
    private static final int MAX_TIME_DIGITS = 12;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String cookieName;
    private final KeyRing keyRing;
    private final Map<String, Mac> macPrototypes;

    /**
     * @param cookieName the cookie name the token is bound to (part of the MAC input), not empty
     * @param keyRing    the keys: the first signs, all verify
     * @throws IllegalArgumentException if the cookie name is empty or a key cannot initialise HMAC-SHA256
     */
    public AffinityTokenCodec(String cookieName, KeyRing keyRing) {
        if (cookieName == null || cookieName.isEmpty()) {
            throw new IllegalArgumentException("cookie name must not be empty");
        }
        this.cookieName = cookieName;
        this.keyRing = keyRing;
        Map<String, Mac> prototypes = new HashMap<>();
        for (DerivedKey key : keyRing.keys()) {
            prototypes.putIfAbsent(key.keyId(), newMac(key));
        }
        this.macPrototypes = Map.copyOf(prototypes);
    }

    /** @return the cookie name tokens are bound to */
    public String cookieName() {
        return cookieName;
    }

    /**
     * Signs a token with the ring's signing key.
     *
     * @param route          a valid route
     * @param createdSeconds first issue time, Unix seconds, 0..999999999999
     * @param expiresSeconds expiry, Unix seconds, createdSeconds..999999999999
     * @return the token, a valid cookie value
     * @throws IllegalArgumentException if the route is invalid or the times are out of range
     */
    public String sign(String route, long createdSeconds, long expiresSeconds) {
        if (!RouteCodec.isValidRoute(route)) {
            throw new IllegalArgumentException("invalid route [" + route + "]: must match [A-Za-z0-9_-]{1,64}");
        }
        if (createdSeconds < 0 || expiresSeconds < createdSeconds || expiresSeconds > 999_999_999_999L) {
            throw new IllegalArgumentException("times out of range: created [" + createdSeconds + "] expires ["
                    + expiresSeconds + "]");
        }
        String keyId = keyRing.signingKey().keyId();
        String payload = VERSION + '.' + keyId + '.' + route + '.' + createdSeconds + '.' + expiresSeconds;
        return payload + '.' + B64.encodeToString(mac(keyId, payload));
    }

    /**
     * Checks a token from untrusted input.
     *
     * @param value      the cookie value, possibly {@code null}
     * @param nowSeconds the current time, Unix seconds
     * @return the verdict and, when {@link TokenVerdict#VALID}, the token
     */
    public Verification verify(String value, long nowSeconds) {
        if (value == null || value.length() > MAX_TOKEN_LENGTH) {
            return Verification.of(TokenVerdict.MALFORMED);
        }
        String[] f = value.split("\\.", -1);
        if (f.length != 6 || !VERSION.equals(f[0]) || f[1].length() != KEY_ID_LENGTH || !isBase64Url(f[1])
                || !RouteCodec.isValidRoute(f[2]) || f[5].length() != MAC_LENGTH || !isBase64Url(f[5])) {
            return Verification.of(TokenVerdict.MALFORMED);
        }
        long created = parseTime(f[3]);
        long expires = parseTime(f[4]);
        if (created < 0 || expires < created) {
            return Verification.of(TokenVerdict.MALFORMED);
        }
        if (!macPrototypes.containsKey(f[1])) {
            return Verification.of(TokenVerdict.UNKNOWN_KEY);
        }
        String payload = value.substring(0, value.length() - MAC_LENGTH - 1);
        byte[] expected = B64.encode(mac(f[1], payload));
        if (!MessageDigest.isEqual(f[5].getBytes(StandardCharsets.US_ASCII), expected)) {
            return Verification.of(TokenVerdict.BAD_MAC);
        }
        AffinityToken token = new AffinityToken(f[1], f[2], created, expires);
        if (nowSeconds >= expires) {
            return new Verification(TokenVerdict.EXPIRED, Optional.of(token));
        }
        return new Verification(TokenVerdict.VALID, Optional.of(token));
    }

    /**
     * Convenience: the token if and only if it is {@link TokenVerdict#VALID}.
     *
     * @param value      the cookie value, possibly {@code null}
     * @param nowSeconds the current time, Unix seconds
     * @return the valid token, or empty
     */
    public Optional<AffinityToken> read(String value, long nowSeconds) {
        Verification v = verify(value, nowSeconds);
        return v.verdict() == TokenVerdict.VALID ? v.token() : Optional.empty();
    }

    private byte[] mac(String keyId, String payload) {
        try {
            Mac mac = (Mac) macPrototypes.get(keyId).clone();
            mac.update(cookieName.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '=');
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 provider does not support clone()", e);
        }
    }

    private static Mac newMac(DerivedKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.keyBytes(), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot initialise HmacSHA256", e);
        }
    }

    private static long parseTime(String digits) {
        if (digits.isEmpty() || digits.length() > MAX_TIME_DIGITS || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isBase64Url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The result of {@link #verify}.
     *
     * @param verdict what the check found
     * @param token   the decoded token when its MAC verified ({@link TokenVerdict#VALID} or
     *                {@link TokenVerdict#EXPIRED}); empty otherwise
     */
    public record Verification(TokenVerdict verdict, Optional<AffinityToken> token) {
        static Verification of(TokenVerdict verdict) {
            return new Verification(verdict, Optional.empty());
        }
    }
}
