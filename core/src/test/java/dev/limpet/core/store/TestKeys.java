package dev.limpet.core.store;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.keys.MasterSecrets;

/** Session-blob key rings for tests. */
final class TestKeys {

    static final String SECRET_A = "test-secret-aaaaaaaaaaaaaaaaaaaa";
    static final String SECRET_B = "test-secret-bbbbbbbbbbbbbbbbbbbb";

    private TestKeys() {
    }

    /** @param secrets one or more secrets, the first signs */
    static KeyRing ring(String... secrets) {
        return MasterSecrets.parse(String.join("\n", secrets), "test").keyRing(KeyPurpose.SESSION_BLOB);
    }
}
