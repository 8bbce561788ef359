package dev.limpet.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link SessionSerializer}'s writing: no bytes of one call leak into another, nested or after a failure. */
class SerializeUnlessUnchangedTest {

    private final SessionSerializer serializer = SessionSerializer.builder()
            .allowRegex("dev\\.limpet\\.core\\.store\\.SerializeUnlessUnchangedTest\\$Nested").build();

    @Test
    void unchangedAttributesGiveNothingAndChangedOnesTheirBytesAndHash() throws Exception {
        List<String> cart = new ArrayList<>(List.of("plush toy"));
        Map<String, Object> attributes = Map.of("cart", cart, "user", "ada");
        byte[] bytes = serializer.serialize(attributes);
        AttributesHash stored = AttributesHash.of(bytes);

        assertNull(serializer.serializeUnlessUnchanged(attributes, stored));
        cart.add("tide table"); // changed in place
        SessionSerializer.Serialized changed = serializer.serializeUnlessUnchanged(attributes, stored);
        assertNotNull(changed);
        assertArrayEquals(serializer.serialize(attributes), changed.bytes());
        assertEquals(AttributesHash.of(changed.bytes()), changed.hash());
        SessionSerializer.Serialized unknown = serializer.serializeUnlessUnchanged(attributes, null);
        assertNotNull(unknown, "no known state: always the bytes");
        assertArrayEquals(changed.bytes(), unknown.bytes());
    }

    @Test
    void aLargeSessionThenASmallOneGiveExactlyTheirOwnBytes() throws Exception {
        byte[] large = new byte[3 * 64 * 1024];
        byte[] largeBytes = serializer.serialize(Map.of("blob", large));
        byte[] small = serializer.serialize(Map.of("n", 1));
        assertEquals(1, serializer.deserialize(small).get("n"));
        assertArrayEquals(large, (byte[]) serializer.deserialize(largeBytes).get("blob"));
        assertArrayEquals(small, serializer.serialize(new TreeMap<>(Map.of("n", 1))), "a sorted map as it is");
    }

    @Test
    void aValueThatSerializesAnotherSessionWhileBeingWrittenGetsItsOwnBuffer() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("inner", "x"));
        byte[] innerAlone = serializer.serialize(inner);
        Nested nested = new Nested(serializer, inner);
        byte[] outer = serializer.serialize(Map.of("nested", nested, "z", 7));
        assertArrayEquals(innerAlone, nested.innerBytes);
        Map<String, Object> back = serializer.deserialize(outer);
        assertEquals(7, back.get("z"));
    }

    @Test
    void aFailedSerializationLeavesTheBufferUsable() throws Exception {
        assertThrows(NotSerializableException.class, () -> serializer.serialize(Map.of("bad", new Object())));
        assertEquals("ok", serializer.deserialize(serializer.serialize(Map.of("s", "ok"))).get("s"));
    }

    /** Serializes another attribute map from its own {@code writeObject}. */
    static final class Nested implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient SessionSerializer serializer;
        private final transient Map<String, Object> inner;
        private transient byte[] innerBytes;

        Nested(SessionSerializer serializer, Map<String, Object> inner) {
            this.serializer = serializer;
            this.inner = inner;
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            try {
                innerBytes = serializer.serialize(inner);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.defaultWriteObject();
        }
    }
}
