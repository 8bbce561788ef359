package dev.limpet.store.jdbc;

import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.core.store.spi.StoredVersion;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * JDBC backend over one table ({@code id}, {@code data}, {@code version}, {@code expires_at} epoch millis; see
 * {@code schema/*.sql}). One statement, one round trip, per operation (plus borrowing a pooled connection):
 * <ul>
 *   <li>{@code get}: {@code SELECT … WHERE id = ? AND expires_at > now} — an expired row not yet purged is absent.</li>
 *   <li>{@code version}: {@code SELECT version, OCTET_LENGTH(data) … WHERE id = ? AND expires_at > now}.</li>
 *   <li>{@code put} with a version: {@code UPDATE … SET version = version + 1 … WHERE id = ? AND version = ? AND
 *       expires_at > now}; no row updated means conflict; the new version is the old one plus 1.</li>
 *   <li>{@code put} with {@code ANY_VERSION} or {@code NEW_ONLY}: the dialect's upsert (see {@link SqlDialect}),
 *       returning the new version; versions keep counting up across re-creations.</li>
 *   <li>{@code touch}: {@code UPDATE … SET expires_at = ? WHERE id = ? AND expires_at > now}. Not throttled here:
 *       the session manager touches only when the container's last-access time moved far enough (docs/architecture.md §4,
 *       write avoidance).</li>
 *   <li>{@code remove}: {@code DELETE … WHERE id = ?}.</li>
 * </ul>
 * {@link #purgeExpired(int)} deletes one batch of expired rows; {@link ExpirySweeper} calls it on a schedule.
 * With {@code createSchema} (the default) the first operation that gets a connection applies the schema first if opening
 * could not ({@link SchemaGate}).
 *
 * <p>Thread-safe. Every statement has a query timeout of the operation timeout rounded up to seconds; a pool
 * built from a URL also has connection, validation and socket timeouts from it. Any {@link SQLException} other
 * than the conflicts above is reported as {@link StoreUnavailableException}; one that is a configuration error
 * (user, privileges, table: {@link ConfigurationErrors}) is also logged at ERROR once.
 */
public final class JdbcStoreBackend implements StoreBackend {

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final int timeoutSeconds;
    private final AutoCloseable onClose;
    private final SchemaGate schema;
    private final ExpirySweeper sweeper;

    JdbcStoreBackend(DataSource dataSource, SqlDialect dialect, SchemaGate schema, long opTimeoutMillis,
                     AutoCloseable onClose, int purgeIntervalSeconds, int purgeBatchSize) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.schema = schema;
        this.timeoutSeconds = (int) Math.max(1, (opTimeoutMillis + 999) / 1000);
        this.onClose = onClose;
        this.sweeper = purgeIntervalSeconds > 0 ? new ExpirySweeper(this, purgeIntervalSeconds, purgeBatchSize) : null;
    }

    /** @return the dialect's name: {@code postgresql}, {@code mariadb} or {@code h2} */
    public String dialectName() {
        return dialect.name();
    }

    @Override
    public Optional<StoredBlob> get(String key) throws StoreUnavailableException {
        return selectLive("select", dialect.select(), key, rs -> new StoredBlob(rs.getBytes(1), rs.getLong(2)));
    }

    @Override
    public Optional<StoredVersion> version(String key) throws StoreUnavailableException {
        return selectLive("select version", dialect.selectVersion(), key,
                rs -> new StoredVersion(rs.getLong(1), rs.getLong(2) == 0));
    }

    @Override
    public long put(String key, byte[] blob, long expectedVersion, long ttlMillis)
            throws VersionConflictException, StoreUnavailableException {
        if (ttlMillis < 1) {
            throw new IllegalArgumentException("ttlMillis must be at least 1, was [" + ttlMillis + "]");
        }
        if (expectedVersion < ANY_VERSION) {
            throw new IllegalArgumentException("expectedVersion must be -1, 0 or positive, was [" + expectedVersion + "]");
        }
        long now = System.currentTimeMillis();
        long version = withConnection(expectedVersion > 0 ? "update" : "upsert", key, c -> expectedVersion > 0
                ? update(c, key, blob, expectedVersion, now + ttlMillis, now)
                : dialect.upsert(c, key, blob, now + ttlMillis, expectedVersion == NEW_ONLY, now, timeoutSeconds));
        if (version < 0) {
            throw new VersionConflictException("session row [" + SessionIds.logHint(key) + "] is not at version ["
                    + expectedVersion + "]", expectedVersion);
        }
        return version;
    }

    private long update(Connection c, String key, byte[] blob, long expectedVersion, long expiresAt, long now)
            throws SQLException {
        try (PreparedStatement ps = SqlDialect.prepare(c, dialect.update(), timeoutSeconds)) {
            ps.setBytes(1, blob);
            ps.setLong(2, expiresAt);
            ps.setString(3, key);
            ps.setLong(4, expectedVersion);
            ps.setLong(5, now);
            return ps.executeUpdate() == 1 ? expectedVersion + 1 : -1;
        }
    }

    @Override
    public boolean touch(String key, long ttlMillis) throws StoreUnavailableException {
        long now = System.currentTimeMillis();
        return withConnection("touch", key, c -> {
            try (PreparedStatement ps = SqlDialect.prepare(c, dialect.touch(), timeoutSeconds)) {
                ps.setLong(1, now + ttlMillis);
                ps.setString(2, key);
                ps.setLong(3, now);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void remove(String key) throws StoreUnavailableException {
        withConnection("delete", key, c -> {
            try (PreparedStatement ps = SqlDialect.prepare(c, dialect.delete(), timeoutSeconds)) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Deletes one batch of expired rows. Safe to run on several nodes at once: rows another node is deleting or
     * writing are skipped (PostgreSQL, MariaDB: {@code FOR UPDATE SKIP LOCKED}) or re-checked by key (H2), so
     * purgers neither deadlock nor fail on each other. Call it in a loop until it returns less than
     * {@code batchSize} to purge everything.
     *
     * @param batchSize the most rows to delete, 1..10000
     * @return how many rows this call deleted
     * @throws StoreUnavailableException if the database cannot be reached in time
     * @throws IllegalArgumentException  if {@code batchSize} is out of range
     */
    public int purgeExpired(int batchSize) throws StoreUnavailableException {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be 1..10000, was [" + batchSize + "]");
        }
        return withConnection("purge", null, c -> dialect.purge(c, batchSize, System.currentTimeMillis(), timeoutSeconds));
    }

    /**
     * Runs one piece of SQL work on a pooled connection. A connection that fails and is then found invalid is
     * evicted from a pool this store built, so that the next operation after a database restart gets a fresh one.
     */
    /** Runs a query of one unexpired row ({@code key}, now) and maps the row, if there is one. */
    private <T> Optional<T> selectLive(String statement, String sql, String key, RowMapper<T> row)
            throws StoreUnavailableException {
        return withConnection(statement, key, c -> {
            try (PreparedStatement ps = SqlDialect.prepare(c, sql, timeoutSeconds)) {
                ps.setString(1, key);
                ps.setLong(2, System.currentTimeMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
                }
            }
        });
    }

    private <T> T withConnection(String statement, String key, SqlWork<T> work) throws StoreUnavailableException {
        try (Connection c = dataSource.getConnection()) {
            try {
                schema.ensure(c);
                return work.run(c);
            } catch (SQLException e) {
                evictIfBroken(c);
                throw e;
            }
        } catch (SQLException e) {
            SQLException configuration = ConfigurationErrors.find(e);
            if (configuration != null) {
                ConfigurationErrors.logOnce(dialect.table(), configuration);
            }
            throw new StoreUnavailableException("JDBC " + statement + (key == null ? "" : " of [" + SessionIds.logHint(key)
                    + "]") + " in [" + dialect.table() + "] failed: " + e.getMessage(), e);
        }
    }

    private void evictIfBroken(Connection c) {
        if (!(dataSource instanceof HikariDataSource pool)) {
            return;
        }
        try {
            if (!c.isValid(1)) {
                pool.evictConnection(c);
            }
        } catch (SQLException e) {
            pool.evictConnection(c);
        }
    }

    /** Maps the current row of a result. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** One piece of SQL work on a connection. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Stops the sweeper and closes the pool if this store built it (a given {@code DataSource} stays open). */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.close();
        }
        try {
            onClose.close();
        } catch (Exception e) {
            System.getLogger(JdbcStoreBackend.class.getName()).log(System.Logger.Level.DEBUG, "closing the pool failed", e);
        }
    }
}
