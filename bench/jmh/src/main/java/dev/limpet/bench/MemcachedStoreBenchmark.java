package dev.limpet.bench;

import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.store.memcached.MemcachedStoreProvider;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The memcached store's load, save (changed) and touch (unchanged) of one session — over two nodes with backup
 * copies on, as deployed — and a raw xmemcached client doing the same single command on a value of the same size
 * ({@code get}, {@code set}, {@code touch}; no compression) against the same servers in the same run. The store URI
 * comes from {@code limpet.bench.memcached} (bench/stores.sh starts two throwaway memcached). One thread.
 */
@State(Scope.Benchmark)
public class MemcachedStoreBenchmark extends AbstractStoreBenchmark {

    private MemcachedClient raw;
    private String rawKey;
    private byte[] rawValue;

    /** Opens the store and a raw client, writes the session and a raw value of the stored size. */
    @Setup
    public void setUp() throws StoreException, IOException, TimeoutException, InterruptedException, MemcachedException {
        String uri = BenchProperties.require("limpet.bench.memcached", "memcached://127.0.0.1:P1,127.0.0.1:P2");
        SessionStore store = openStore(uri, Map.of());
        raw = rawClient(uri);
        try (StoreBackend backend = new MemcachedStoreProvider().open(StoreOptions.of(uri))) {
            rawValue = backend.get(store.key(BenchSessions.SESSION_ID)).orElseThrow().blob(); // the sealed bytes
        }
        rawKey = "raw:" + BenchSessions.SESSION_ID;
        raw.set(rawKey, ttlSeconds(), rawValue);
    }

    /**
     * @param storeUri a {@code memcached://h1:p1,h2:p2} URI
     * @return a plain xmemcached client on the same nodes: text protocol, default session locator, compression off
     */
    static MemcachedClient rawClient(String storeUri) throws IOException {
        String hosts = storeUri.substring("memcached://".length()).replaceAll("\\?.*", "").replace(',', ' ');
        MemcachedClient client = new XMemcachedClientBuilder(AddrUtil.getAddresses(hosts)).build();
        client.getTranscoder().setCompressionThreshold(Integer.MAX_VALUE);
        return client;
    }

    private static int ttlSeconds() {
        return (int) (BenchSessions.TTL_MILLIS / 1000);
    }

    /** Closes both clients. */
    @TearDown
    public void tearDown() throws IOException {
        closeStore();
        raw.shutdown();
    }

    /** @return the raw value: the baseline of {@link #load()} */
    @Benchmark
    public byte[] rawGet() throws TimeoutException, InterruptedException, MemcachedException {
        return raw.get(rawKey);
    }

    /** @return the reply: the baseline of {@link #saveChanged()} */
    @Benchmark
    public boolean rawSet() throws TimeoutException, InterruptedException, MemcachedException {
        return raw.set(rawKey, ttlSeconds(), rawValue);
    }

    /** @return the reply: the baseline of {@link #touchUnchanged()} */
    @Benchmark
    public boolean rawTouch() throws TimeoutException, InterruptedException, MemcachedException {
        return raw.touch(rawKey, ttlSeconds());
    }
}
