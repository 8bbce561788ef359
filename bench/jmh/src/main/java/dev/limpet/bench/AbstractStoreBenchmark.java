package dev.limpet.bench;

import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoredSession;
import dev.limpet.core.store.spi.StoreOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The Limpet half of a store benchmark: a {@link SessionStore} opened by URI holding one session of
 * {@link #sizeBytes}, and its load, save (changed: two equal-sized variants alternate, each save based on the
 * previous version) and touch (unchanged). Subclasses (one per store, JMH generates the inherited benchmarks for
 * each) open it with {@link #openStore} in their {@code @Setup} and add the raw client's baseline benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public abstract class AbstractStoreBenchmark {

    /** Serialized attribute size, bytes. */
    @Param({"2048", "51200"})
    public int sizeBytes;

    private SessionStore store;
    private byte[][] serialized;
    private long version;
    private int saves;

    /**
     * Opens the store and saves the session.
     *
     * @param storeUri   the store URI
     * @param properties provider properties
     * @return the opened store (closed by {@link #closeStore()})
     */
    protected final SessionStore openStore(String storeUri, Map<String, String> properties) throws StoreException {
        SessionSerializer serializer = SessionSerializer.builder().build();
        store = SessionStore.open(new StoreOptions(storeUri, 1000, null, properties), "bench", BenchSessions.keyRing(),
                serializer);
        serialized = new byte[][] {BenchSessions.serializedAttributes(serializer, sizeBytes, 0),
                BenchSessions.serializedAttributes(serializer, sizeBytes, 1)};
        version = store.save(BenchSessions.SESSION_ID, BenchSessions.METADATA, serialized[0], SessionStore.ANY_VERSION);
        return store;
    }

    /** Closes the store. */
    protected final void closeStore() {
        store.close();
    }

    /** @return the verified, deserialized session */
    @Benchmark
    public StoredSession load() throws StoreException {
        return store.load(BenchSessions.SESSION_ID).orElseThrow();
    }

    /** @return the new version */
    @Benchmark
    public long saveChanged() throws StoreException {
        version = store.save(BenchSessions.SESSION_ID, BenchSessions.METADATA, serialized[saves++ & 1], version);
        return version;
    }

    /** @return whether the session was there */
    @Benchmark
    public boolean touchUnchanged() throws StoreException {
        return store.touch(BenchSessions.SESSION_ID, BenchSessions.METADATA.maxInactiveSeconds());
    }
}
