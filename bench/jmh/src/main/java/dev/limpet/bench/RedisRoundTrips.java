package dev.limpet.bench;

import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Counts the Redis commands of each store operation and raw baseline from {@code INFO commandstats} deltas over
 * {@value #REPEATS} calls. Commands issued inside the Lua script (GETRANGE, SET after an EVALSHA) run on the
 * server and are not round trips; they are listed in brackets.
 */
final class RedisRoundTrips {

    static final int REPEATS = 100;

    /** One store operation or raw call. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private RedisRoundTrips() {
    }

    /**
     * @param uri the benchmark server
     * @return operation name (as in {@link RedisStoreBenchmark}) to a description such as {@code 1 (evalsha) [getrange, set in script]}
     */
    static Map<String, String> measure(String uri) throws Exception {
        Map<String, String> result = new LinkedHashMap<>();
        SessionSerializer serializer = SessionSerializer.builder().build();
        try (SessionStore store = SessionStore.open(new StoreOptions(uri, 1000, null, Map.of()), "bench-rt",
                BenchSessions.keyRing(), serializer); RedisClient admin = RedisClient.create(uri)) {
            byte[] bytes = BenchSessions.serializedAttributes(serializer, 2048, 0);
            long[] version = {store.save(BenchSessions.SESSION_ID, BenchSessions.METADATA, bytes, SessionStore.ANY_VERSION)};
            byte[] rawKey = "raw-rt".getBytes(StandardCharsets.UTF_8);
            byte[] rawValue = new byte[2048];
            admin.set(rawKey, rawValue);
            result.put("load", count(admin, () -> store.load(BenchSessions.SESSION_ID).orElseThrow()));
            result.put("saveChanged", count(admin, () -> version[0] = store.save(BenchSessions.SESSION_ID,
                    BenchSessions.METADATA, bytes, version[0])));
            result.put("touchUnchanged", count(admin, () -> store.touch(BenchSessions.SESSION_ID, 1800)));
            result.put("rawGet", count(admin, () -> admin.get(rawKey)));
            result.put("rawSet", count(admin, () -> admin.set(rawKey, rawValue, SetParams.setParams().px(1_800_000))));
            result.put("rawPexpire", count(admin, () -> admin.pexpire(rawKey, 1_800_000)));
        }
        return result;
    }

    private static String count(RedisClient admin, Call call) throws Exception {
        Map<String, Long> before = commandCalls(admin);
        for (int i = 0; i < REPEATS; i++) {
            call.run();
        }
        Map<String, Long> after = commandCalls(admin);
        Map<String, Double> perCall = new TreeMap<>();
        after.forEach((name, calls) -> {
            long delta = calls - before.getOrDefault(name, 0L) - (name.equals("info") ? 1 : 0);
            if (delta > 0) {
                perCall.put(name, delta / (double) REPEATS);
            }
        });
        boolean scripted = perCall.containsKey("evalsha") || perCall.containsKey("eval");
        double roundTrips = 0;
        StringBuilder client = new StringBuilder();
        StringBuilder server = new StringBuilder();
        for (Map.Entry<String, Double> entry : perCall.entrySet()) {
            boolean inScript = scripted && (entry.getKey().equals("getrange") || entry.getKey().equals("set"));
            StringBuilder target = inScript ? server : client;
            target.append(target.length() == 0 ? "" : ", ").append(entry.getKey().toUpperCase())
                    .append(entry.getValue() == 1.0 ? "" : " x" + entry.getValue());
            roundTrips += inScript ? 0 : entry.getValue();
        }
        String rt = roundTrips == Math.rint(roundTrips) ? String.valueOf((long) roundTrips) : String.valueOf(roundTrips);
        return rt + " (" + client + ")" + (server.length() == 0 ? "" : " [in script: " + server + "]");
    }

    private static Map<String, Long> commandCalls(RedisClient admin) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : admin.info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                calls.put(name, Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))));
            }
        }
        return calls;
    }

    static void requireReachable(String uri) throws StoreException {
        try (RedisClient client = RedisClient.create(uri)) {
            client.ping();
        } catch (RuntimeException e) {
            throw new StoreException("benchmark Redis at [" + uri + "] is not reachable: " + e.getMessage(), e);
        }
    }
}
