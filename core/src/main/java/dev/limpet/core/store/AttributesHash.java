package dev.limpet.core.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A 128-bit hash of serialized session attributes: the first 16 bytes of SHA-256. Used for write avoidance
 * (DESIGN.md §4): a session whose attribute bytes hash the same as when it was loaded or last saved need not
 * be written again, only touched. SHA-256 is used because a collision would silently lose a write.
 *
 * @param high the first 8 bytes, big-endian
 * @param low  the next 8 bytes, big-endian
 */
public record AttributesHash(long high, long low) {

    /**
     * @param serializedAttributes bytes from {@link SessionSerializer#serialize}
     * @return their hash
     */
    public static AttributesHash of(byte[] serializedAttributes) {
        byte[] digest = sha256().digest(serializedAttributes);
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
