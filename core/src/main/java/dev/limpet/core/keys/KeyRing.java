package dev.limpet.core.keys;

import java.util.List;
import java.util.Optional;

/**
 * The keys of one {@link KeyPurpose}: the first signs, every one verifies, so keys rotate without logging
 * anyone out (docs/architecture.md §2). Build it with {@link MasterSecrets#keyRing(KeyPurpose)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyRing {

    private final KeyPurpose purpose;
    private final List<DerivedKey> keys;

    KeyRing(KeyPurpose purpose, List<DerivedKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a key ring needs at least one key");
        }
        this.purpose = purpose;
        this.keys = List.copyOf(keys);
    }

    /** @return the purpose these keys were derived for */
    public KeyPurpose purpose() {
        return purpose;
    }

    /** @return the key that signs: derived from the first master secret */
    public DerivedKey signingKey() {
        return keys.get(0);
    }

    /**
     * @param keyId a key id read from untrusted input
     * @return the listed key with that id, or empty
     */
    public Optional<DerivedKey> find(String keyId) {
        for (DerivedKey key : keys) {
            if (key.keyId().equals(keyId)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** @return every key, signing key first */
    public List<DerivedKey> keys() {
        return keys;
    }
}
