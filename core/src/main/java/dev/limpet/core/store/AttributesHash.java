package dev.limpet.core.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A 128-bit hash of serialized session attributes: the first 16 bytes of SHA-256. Used for write avoidance
 * (docs/architecture.md §4): a session whose attribute bytes hash the same as when it was loaded or last saved need not
 * be written again, only touched. SHA-256 is used because a collision would silently lose a write.
 *
 * <p>Each thread keeps one {@link MessageDigest} instance for hashing ({@code MessageDigest.getInstance} looks
 * the provider up on every call, which costs about as much as hashing a small session); the instance is a JDK
 * class, reset after every use, and holds no session data.
 *
 * @param high the first 8 bytes, big-endian
 * @param low  the next 8 bytes, big-endian
 */
public record AttributesHash(long high, long low) {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(AttributesHash::sha256);

    /**
     * @param serializedAttributes bytes from {@link SessionSerializer#serialize}
     * @return their hash
     */
    public static AttributesHash of(byte[] serializedAttributes) {
        return of(serializedAttributes, 0, serializedAttributes.length);
    }

    /**
     * @param bytes  holds bytes from {@link SessionSerializer#serialize}
     * @param offset where they start in {@code bytes}
     * @param length how many
     * @return their hash, equal to {@link #of(byte[])} of a copy of that range
     */
    public static AttributesHash of(byte[] bytes, int offset, int length) {
        MessageDigest sha256 = SHA256.get();
        sha256.update(bytes, offset, length);
        byte[] digest = sha256.digest(); // also resets it for the next use
        return new AttributesHash(toLong(digest, 0), toLong(digest, 8));
    }

    private static long toLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /** @return 32 lowercase hex digits */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%016x%016x", high, low);
    }
}
