package dev.limpet.bench;

import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.spi.StoreOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.rubyeye.xmemcached.MemcachedClient;

/**
 * Counts the memcached commands of each store operation and raw baseline from the servers' {@code stats}
 * ({@code cmd_get}, {@code cmd_set}, {@code cmd_touch}, summed over the nodes) over {@value #REPEATS} calls.
 * memcached counts {@code noreply} commands too but sends no reply, so the client waits for fewer round trips than
 * there are commands: the waited-for round trips per operation are stated from the store's design (a put sends
 * {@code cas … noreply} and a {@code gets} pipelined on one connection, then the backup {@code set … noreply};
 * a touch's backup copy is touched on a background thread) and the server counts show what was sent.
 */
final class MemcachedRoundTrips {

    static final int REPEATS = 100;
    private static final Map<String, String> WAITED = Map.of("load", "1", "saveChanged", "1", "touchUnchanged", "1",
            "rawGet", "1", "rawSet", "1", "rawTouch", "1");

    private MemcachedRoundTrips() {
    }

    /**
     * @param uri the benchmark store URI (two nodes)
     * @return operation name (as in {@link MemcachedStoreBenchmark}) to e.g. {@code 1 (server: get 1, set 2)}
     */
    static Map<String, String> measure(String uri) throws Exception {
        Map<String, String> result = new LinkedHashMap<>();
        SessionSerializer serializer = SessionSerializer.builder().build();
        MemcachedClient raw = MemcachedStoreBenchmark.rawClient(uri);
        try (SessionStore store = SessionStore.open(new StoreOptions(uri, 1000, null, Map.of()), "bench-rt",
                BenchSessions.keyRing(), serializer)) {
            byte[] bytes = BenchSessions.serializedAttributes(serializer, 2048, 0);
            long[] version = {store.save(BenchSessions.SESSION_ID, BenchSessions.METADATA, bytes, SessionStore.ANY_VERSION)};
            byte[] rawValue = new byte[2048];
            raw.set("raw-rt", 1800, rawValue);
            result.put("load", count(raw, "load", () -> store.load(BenchSessions.SESSION_ID).orElseThrow()));
            result.put("saveChanged", count(raw, "saveChanged", () -> version[0] = store.save(BenchSessions.SESSION_ID,
                    BenchSessions.METADATA, bytes, version[0])));
            result.put("touchUnchanged", count(raw, "touchUnchanged", () -> store.touch(BenchSessions.SESSION_ID, 1800)));
            result.put("rawGet", count(raw, "rawGet", () -> raw.get("raw-rt")));
            result.put("rawSet", count(raw, "rawSet", () -> raw.set("raw-rt", 1800, rawValue)));
            result.put("rawTouch", count(raw, "rawTouch", () -> raw.touch("raw-rt", 1800)));
        } finally {
            raw.shutdown();
        }
        return result;
    }

    private static String count(MemcachedClient stats, String name, RedisRoundTrips.Call call) throws Exception {
        Map<String, Long> before = settled(stats);
        for (int i = 0; i < REPEATS; i++) {
            call.run();
        }
        Map<String, Long> after = settled(stats);
        StringBuilder sent = new StringBuilder();
        for (String command : List.of("get", "set", "touch")) {
            double perCall = (after.get(command) - before.get(command)) / (double) REPEATS;
            if (perCall > 0) {
                sent.append(sent.length() == 0 ? "" : ", ").append(command).append(' ')
                        .append(String.format(Locale.ROOT, perCall == Math.rint(perCall) ? "%.0f" : "%.2f", perCall));
            }
        }
        return WAITED.get(name) + " (server: " + sent + ")";
    }

    /** @return the counts once they stop moving (the store's background backup touches have drained), at most 5 s */
    private static Map<String, Long> settled(MemcachedClient client) throws Exception {
        Map<String, Long> previous = commands(client);
        for (int i = 0; i < 50; i++) {
            Thread.sleep(100);
            Map<String, Long> current = commands(client);
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        return previous;
    }

    private static Map<String, Long> commands(MemcachedClient client) throws Exception {
        Map<String, Long> totals = new LinkedHashMap<>(Map.of("get", 0L, "set", 0L, "touch", 0L));
        for (Map<String, String> node : client.getStats().values()) {
            for (String command : List.of("get", "set", "touch")) {
                totals.merge(command, Long.parseLong(node.getOrDefault("cmd_" + command, "0")), Long::sum);
            }
        }
        return totals;
    }
}
