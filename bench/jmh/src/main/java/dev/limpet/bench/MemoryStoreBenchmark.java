package dev.limpet.bench;

import dev.limpet.core.store.AttributesHash;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoredSession;
import dev.limpet.core.store.UnreadableSessionException;
import dev.limpet.core.store.memory.MemoryStoreBackend;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU cost of Limpet's store layer without a network: {@link SessionStore} over the in-memory backend
 * (load = envelope open + filtered deserialization + attribute hash; save = record + seal), and its parts
 * (deserialize, hash) on their own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemoryStoreBenchmark {

    /** Serialized attribute size, bytes. */
    @Param({"2048", "51200"})
    public int sizeBytes;

    private SessionStore store;
    private SessionSerializer serializer;
    private byte[] serialized;
    private long version;

    /** Opens a memory store holding the session. */
    @Setup
    public void setUp() throws StoreException {
        serializer = SessionSerializer.builder().build();
        store = SessionStore.of(new MemoryStoreBackend(), "bench", BenchSessions.keyRing(), serializer);
        serialized = BenchSessions.serializedAttributes(serializer, sizeBytes, 0);
        version = store.save(BenchSessions.SESSION_ID, BenchSessions.METADATA, serialized, SessionStore.ANY_VERSION);
    }

    /** @return the loaded session */
    @Benchmark
    public StoredSession load() throws StoreException {
        return store.load(BenchSessions.SESSION_ID).orElseThrow();
    }

    /** @return the new version */
    @Benchmark
    public long save() throws StoreException {
        version = store.save(BenchSessions.SESSION_ID, BenchSessions.METADATA, serialized, version);
        return version;
    }

    /** @return the attributes, deserialized with the class filter */
    @Benchmark
    public Map<String, Object> deserialize() throws UnreadableSessionException {
        return serializer.deserialize(serialized);
    }

    /** @return the 128-bit attribute hash */
    @Benchmark
    public AttributesHash hash() {
        return AttributesHash.of(serialized);
    }
}
