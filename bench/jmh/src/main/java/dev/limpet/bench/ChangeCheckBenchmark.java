package dev.limpet.bench;

import dev.limpet.core.store.AttributesHash;
import dev.limpet.core.store.SessionSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-request change check of a sticky session whose request read a mutable attribute (the cart page of
 * bench/manager.sh: one cart of one item): copy the attributes, serialize them, hash the bytes, compare with the
 * stored hash. {@code freshBuffers} is the check as it was first written (a copy, a sorted copy, a new byte
 * array stream and byte array, {@code MessageDigest.getInstance} per call); {@code reusedBuffers} is
 * {@link SessionSerializer#serializeUnlessUnchanged} as the manager calls it now (one copy, the hash taken in
 * the stream's own array, a per-thread digest; the per-thread stream it once reused was dropped: no measurable
 * gain, see bench/MANAGER.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChangeCheckBenchmark {

    private final SessionSerializer serializer = SessionSerializer.builder().allowRegex("dev\\.limpet\\.bench\\..*").build();
    private final Map<String, Object> session = new HashMap<>();
    private AttributesHash stored;

    /** A one-item cart, changed in place by the application (like the sample webapp's). */
    public static final class Cart implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, Integer> items = new LinkedHashMap<>();
    }

    /** Builds the session and its stored hash. */
    @Setup
    public void setUp() throws IOException {
        Cart cart = new Cart();
        cart.items.put("Limpet plush toy", 1);
        session.put("cart", cart);
        stored = AttributesHash.of(serializer.serialize(session));
    }

    /** @return the SHA-256 of the serialized attributes */
    @Benchmark
    public byte[] freshBuffers() throws IOException, NoSuchAlgorithmException {
        Map<String, Object> sorted = new TreeMap<>(new HashMap<>(session));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeInt(sorted.size());
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeObject(entry.getValue());
            }
        }
        return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    }

    /** @return {@code null}: unchanged */
    @Benchmark
    public SessionSerializer.Serialized reusedBuffers() throws IOException {
        return serializer.serializeUnlessUnchanged(new TreeMap<>(session), stored);
    }
}
