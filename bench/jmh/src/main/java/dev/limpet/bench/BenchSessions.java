package dev.limpet.bench;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Session fixtures shared by the benchmarks: a key ring, metadata and attribute maps of a given size. */
public final class BenchSessions {

    /** The route-less session id used by every store benchmark. */
    public static final String SESSION_ID = "4F2A9C0E1B7D4A3F8E2C6B1A0D9F7E5C";
    /** Metadata: 30 minutes idle timeout, route {@code node1}. */
    public static final SessionMetadata METADATA = new SessionMetadata(1_700_000_000_000L, 1_700_000_100_000L, 1800, "node1");
    /** Time to live the raw clients write with, milliseconds (the same as {@link #METADATA}). */
    public static final long TTL_MILLIS = 1_800_000L;

    private BenchSessions() {
    }

    /** @return a session-blob key ring from a fixed benchmark secret */
    public static KeyRing keyRing() {
        return MasterSecrets.parse("benchmark-secret-0123456789abcdef", "bench").keyRing(KeyPurpose.SESSION_BLOB);
    }

    /**
     * A typical session: a user name, a locale, a small cart list, and a byte array that pads the serialized
     * attributes to {@code targetBytes}.
     *
     * @param serializer  the serializer the store uses
     * @param targetBytes the serialized size wanted (2048 or 51200)
     * @param variant     0 or 1: two variants of equal size with different content ("changed" saves)
     * @return serialized attributes of exactly {@code targetBytes} bytes
     */
    public static byte[] serializedAttributes(SessionSerializer serializer, int targetBytes, int variant) {
        try {
            Map<String, Object> attributes = attributes(new byte[0], variant);
            int overhead = serializer.serialize(attributes).length;
            byte[] padding = new byte[targetBytes - overhead];
            new Random(variant).nextBytes(padding);
            byte[] bytes = serializer.serialize(attributes(padding, variant));
            if (bytes.length != targetBytes) {
                throw new IllegalStateException("padded to " + bytes.length + " bytes, wanted " + targetBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> attributes(byte[] padding, int variant) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("user", "ada.lovelace@example.com");
        attributes.put("locale", "en-GB");
        List<String> cart = new ArrayList<>(List.of("book-" + variant, "tea", "lamp"));
        attributes.put("cart", cart);
        attributes.put("visits", 17 + variant);
        attributes.put("state", padding);
        return attributes;
    }
}
