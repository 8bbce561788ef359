package dev.limpet.bench;

import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * The Redis store's load (GET, MAC check, filtered deserialization), save (seal, EVALSHA with the version check)
 * and touch (PEXPIRE) — inherited from {@link AbstractStoreBenchmark} — and the raw jedis client doing the same
 * single command on a value of the same size ({@code GET}, {@code SET … PX}, {@code PEXPIRE}) against the same
 * server in the same run. The server URI comes from {@code limpet.bench.redis} (bench/stores.sh starts a
 * throwaway redis-server). One thread.
 */
@State(Scope.Benchmark)
public class RedisStoreBenchmark extends AbstractStoreBenchmark {

    private RedisClient raw;
    private byte[] rawKey;
    private byte[] rawValue;
    private SetParams rawSet;

    /** Opens the store and a raw client, writes the session and a raw value of the stored size. */
    @Setup
    public void setUp() throws StoreException {
        String uri = BenchProperties.require("limpet.bench.redis", "redis://127.0.0.1:PORT/0");
        SessionStore store = openStore(uri, Map.of());
        raw = RedisClient.create(uri);
        rawValue = raw.get(store.key(BenchSessions.SESSION_ID).getBytes(StandardCharsets.UTF_8)).clone();
        rawKey = ("raw:" + BenchSessions.SESSION_ID).getBytes(StandardCharsets.UTF_8);
        rawSet = SetParams.setParams().px(BenchSessions.TTL_MILLIS);
        raw.set(rawKey, rawValue, rawSet);
    }

    /** Closes both clients. */
    @TearDown
    public void tearDown() {
        closeStore();
        raw.close();
    }

    /** @return the raw value: the baseline of {@link #load()} */
    @Benchmark
    public byte[] rawGet() {
        return raw.get(rawKey);
    }

    /** @return the reply: the baseline of {@link #saveChanged()} */
    @Benchmark
    public String rawSet() {
        return raw.set(rawKey, rawValue, rawSet);
    }

    /** @return the reply: the baseline of {@link #touchUnchanged()} */
    @Benchmark
    public long rawPexpire() {
        return raw.pexpire(rawKey, BenchSessions.TTL_MILLIS);
    }
}
