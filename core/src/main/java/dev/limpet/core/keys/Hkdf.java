package dev.limpet.core.keys;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) with an empty salt, through BouncyCastle. Stateless and thread-safe. */
final class Hkdf {

    private Hkdf() {
    }

    /**
     * @param inputKeyMaterial the master secret bytes
     * @param info             the context string, UTF-8 encoded
     * @param length           output length in bytes, 1..8160
     * @return the derived bytes
     */
    static byte[] derive(byte[] inputKeyMaterial, String info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(inputKeyMaterial, null, info.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }
}
