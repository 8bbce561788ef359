package dev.limpet.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDBC store's load, save (changed) and touch (unchanged) of one session on PostgreSQL, and raw JDBC on its
 * own HikariCP pool doing the same single statement on a row of the same size in a table of the same schema
 * ({@code SELECT data}, {@code INSERT … ON CONFLICT DO UPDATE}, {@code UPDATE … SET expires_at}) against the same
 * server in the same run. The JDBC URL comes from {@code limpet.bench.jdbc} (bench/stores.sh starts a throwaway
 * PostgreSQL cluster). One thread.
 */
@State(Scope.Benchmark)
public class JdbcStoreBenchmark extends AbstractStoreBenchmark {

    static final String RAW_TABLE = "raw_sessions";
    private static final String RAW_SELECT = "SELECT data FROM " + RAW_TABLE + " WHERE id = ?";
    private static final String RAW_UPSERT = "INSERT INTO " + RAW_TABLE + " (id, data, version, expires_at)"
            + " VALUES (?, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at";
    private static final String RAW_TOUCH = "UPDATE " + RAW_TABLE + " SET expires_at = ? WHERE id = ?";

    private HikariDataSource raw;
    private String rawKey;
    private byte[] rawValue;

    /** Opens the store (schema applied) and a raw pool, writes the session and a raw row of the stored size. */
    @Setup
    public void setUp() throws StoreException, SQLException {
        String url = BenchProperties.require("limpet.bench.jdbc", "jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres");
        SessionStore store = openStore(url, Map.of("createSchema", "true",
                "purgeIntervalSeconds", "0"));
        raw = rawPool(url);
        rawKey = "raw:" + BenchSessions.SESSION_ID;
        try (Connection c = raw.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + RAW_TABLE + " (LIKE limpet_sessions INCLUDING ALL)");
            try (ResultSet rs = s.executeQuery("SELECT data FROM limpet_sessions WHERE id = '"
                    + store.key(BenchSessions.SESSION_ID) + "'")) {
                rs.next();
                rawValue = rs.getBytes(1);
            }
        }
        rawUpsert();
    }

    /**
     * @param url the JDBC URL
     * @return a HikariCP pool with default settings and 4 connections, as an application would have
     */
    static HikariDataSource rawPool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    /** Closes the store and the raw pool. */
    @TearDown
    public void tearDown() {
        closeStore();
        raw.close();
    }

    /** @return the raw row's data: the baseline of {@link #load()} */
    @Benchmark
    public byte[] rawSelect() throws SQLException {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(RAW_SELECT)) {
            ps.setString(1, rawKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    /** @return the update count: the baseline of {@link #saveChanged()} */
    @Benchmark
    public int rawUpsert() throws SQLException {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(RAW_UPSERT)) {
            ps.setString(1, rawKey);
            ps.setBytes(2, rawValue);
            ps.setLong(3, System.currentTimeMillis() + BenchSessions.TTL_MILLIS);
            return ps.executeUpdate();
        }
    }

    /** @return the update count: the baseline of {@link #touchUnchanged()} */
    @Benchmark
    public int rawTouch() throws SQLException {
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(RAW_TOUCH)) {
            ps.setLong(1, System.currentTimeMillis() + BenchSessions.TTL_MILLIS);
            ps.setString(2, rawKey);
            return ps.executeUpdate();
        }
    }
}
