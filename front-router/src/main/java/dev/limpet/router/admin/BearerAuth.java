package dev.limpet.router.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} (RFC 6750) against the configured admin token in constant time:
 * both sides are hashed with SHA-256 and compared with {@link MessageDigest#isEqual}, so neither the content nor
 * the length of the token leaks through timing. The token is never logged. Immutable and thread-safe.
 */
final class BearerAuth {

    /** The outcome of a check. */
    enum Result {
        /** The right token. */
        OK,
        /** No {@code Authorization: Bearer} header (answer 401 with {@code WWW-Authenticate}). */
        MISSING,
        /** A bearer token that is not the configured one (answer 403). */
        WRONG,
        /** No token is configured: mutations are refused (answer 403). */
        NOT_CONFIGURED
    }

    private static final String PREFIX = "Bearer ";

    private final byte[] expectedDigest;

    /** @param token the configured token, or {@code null} when none is configured */
    BearerAuth(String token) {
        this.expectedDigest = token == null ? null : sha256(token);
    }

    /**
     * @param authorization the request's {@code Authorization} header, or {@code null}
     * @return the outcome
     */
    Result check(String authorization) {
        if (expectedDigest == null) {
            return Result.NOT_CONFIGURED;
        }
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Result.MISSING;
        }
        byte[] presented = sha256(authorization.substring(PREFIX.length()).strip());
        return MessageDigest.isEqual(expectedDigest, presented) ? Result.OK : Result.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
