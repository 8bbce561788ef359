package dev.limpet.core.keys;

import java.util.Arrays;

/**
 * One derived 32-byte key and its public key id. The key bytes are copied in and out, never exposed
 * by {@link #toString()}.
 */
public final class DerivedKey {

    private final String keyId;
    private final byte[] key;

    DerivedKey(String keyId, byte[] key) {
        this.keyId = keyId;
        this.key = key.clone();
    }

    /** @return the key id: 8 characters of base64url, derived from the master secret, safe to log */
    public String keyId() {
        return keyId;
    }

    /** @return a copy of the key bytes */
    public byte[] keyBytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "DerivedKey[" + keyId + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DerivedKey other && keyId.equals(other.keyId) && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }
}
