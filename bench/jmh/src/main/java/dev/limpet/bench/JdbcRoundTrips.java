package dev.limpet.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.spi.StoreOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the round trips of each JDBC store operation and raw baseline on PostgreSQL over {@value #REPEATS} calls,
 * on the client: the store and the raw calls get their connections from a {@link CountingDataSource} (the store
 * through {@code StoreOptions.dataSource}, as a JNDI pool would be passed), which counts statement executions and
 * commits. In auto-commit mode each is one round trip.
 */
final class JdbcRoundTrips {

    static final int REPEATS = 100;

    private JdbcRoundTrips() {
    }

    /**
     * @param url the benchmark JDBC URL, {@code jdbc:postgresql://host:port/postgres?user=…}
     * @return operation name (as in {@link JdbcStoreBenchmark}) to e.g. {@code 1 (UPDATE)}
     */
    static Map<String, String> measure(String url) throws Exception {
        Map<String, String> result = new LinkedHashMap<>();
        SessionSerializer serializer = SessionSerializer.builder().build();
        try (HikariDataSource storePool = JdbcStoreBenchmark.rawPool(url);
             HikariDataSource rawPool = JdbcStoreBenchmark.rawPool(url)) {
            CountingDataSource counted = new CountingDataSource(storePool);
            CountingDataSource raw = new CountingDataSource(rawPool);
            try (SessionStore store = SessionStore.open(new StoreOptions("jdbc:datasource", 1000, counted.dataSource(),
                    Map.of("createSchema", "true", "purgeIntervalSeconds", "0")), "bench-rt", BenchSessions.keyRing(),
                    serializer)) {
                byte[] bytes = BenchSessions.serializedAttributes(serializer, 2048, 0);
                long[] version = {store.save(BenchSessions.SESSION_ID, BenchSessions.METADATA, bytes, SessionStore.ANY_VERSION)};
                rawStatement(raw, "CREATE TABLE IF NOT EXISTS " + JdbcStoreBenchmark.RAW_TABLE
                        + " (LIKE limpet_sessions INCLUDING ALL)");
                result.put("load", count(counted, "SELECT", () -> store.load(BenchSessions.SESSION_ID).orElseThrow()));
                result.put("saveChanged", count(counted, "UPDATE", () -> version[0] = store.save(BenchSessions.SESSION_ID,
                        BenchSessions.METADATA, bytes, version[0])));
                result.put("touchUnchanged", count(counted, "UPDATE", () -> store.touch(BenchSessions.SESSION_ID, 1800)));
            }
            String table = JdbcStoreBenchmark.RAW_TABLE;
            result.put("rawUpsert", count(raw, "INSERT … ON CONFLICT", () -> rawStatement(raw, "INSERT INTO " + table
                    + " (id, data, version, expires_at) VALUES ('raw-rt', '\\x00', 1, 0) ON CONFLICT (id) DO UPDATE"
                    + " SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at")));
            result.put("rawSelect", count(raw, "SELECT", () -> rawStatement(raw, "SELECT data FROM " + table
                    + " WHERE id = 'raw-rt'")));
            result.put("rawTouch", count(raw, "UPDATE", () -> rawStatement(raw, "UPDATE " + table
                    + " SET expires_at = 1 WHERE id = 'raw-rt'")));
        }
        return result;
    }

    private static void rawStatement(CountingDataSource raw, String sql) throws Exception {
        try (Connection c = raw.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static String count(CountingDataSource counter, String statements, RedisRoundTrips.Call call)
            throws Exception {
        long before = counter.roundTrips();
        for (int i = 0; i < REPEATS; i++) {
            call.run();
        }
        double perCall = (counter.roundTrips() - before) / (double) REPEATS;
        return String.format(Locale.ROOT, perCall == Math.rint(perCall) ? "%.0f" : "%.2f", perCall)
                + " (" + statements + ")";
    }
}
