package dev.limpet.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one database family for one session table. The statements every dialect shares (select, versioned
 * update, touch, delete) live here; the upsert and the expiry purge, which each database spells differently, are
 * the subclasses'. All statements are single round trips unless a subclass says otherwise.
 *
 * <p>Immutable and thread-safe; statements are prepared per call on the caller's connection.
 */
abstract class SqlDialect {

    private final String table;
    private final String select;
    private final String selectVersion;
    private final String update;
    private final String touch;
    private final String delete;

    /** @param table the validated table name */
    SqlDialect(String table) {
        this.table = table;
        this.select = "SELECT data, version FROM " + table + " WHERE id = ? AND expires_at > ?";
        this.selectVersion = "SELECT version, OCTET_LENGTH(data) FROM " + table + " WHERE id = ? AND expires_at > ?";
        this.update = "UPDATE " + table + " SET data = ?, version = version + 1, expires_at = ?"
                + " WHERE id = ? AND version = ? AND expires_at > ?";
        this.touch = "UPDATE " + table + " SET expires_at = ? WHERE id = ? AND expires_at > ?";
        this.delete = "DELETE FROM " + table + " WHERE id = ?";
    }

    /** @return the dialect's name: {@code postgresql}, {@code mariadb} or {@code h2} */
    abstract String name();

    /**
     * Writes the row whatever its version ({@code newOnly == false}) or only if it is absent or expired.
     *
     * @param c            a connection in auto-commit mode
     * @param key          the id
     * @param blob         the data
     * @param expiresAt    the new expiry, epoch milliseconds
     * @param newOnly      create only: an unexpired row means conflict
     * @param now          the current time, epoch milliseconds
     * @param timeoutSeconds the query timeout
     * @return the new version, or {@code -1} if {@code newOnly} and an unexpired row exists
     */
    abstract long upsert(Connection c, String key, byte[] blob, long expiresAt, boolean newOnly, long now,
                         int timeoutSeconds) throws SQLException;

    /**
     * Deletes at most {@code batchSize} expired rows without waiting for rows another node holds locked, so that
     * several nodes may purge at once without deadlocks or duplicate work errors.
     *
     * @param c              a connection in auto-commit mode (restored to it on return)
     * @param batchSize      the most rows to delete
     * @param now            the current time, epoch milliseconds
     * @param timeoutSeconds the query timeout
     * @return how many rows were deleted
     */
    abstract int purge(Connection c, int batchSize, long now, int timeoutSeconds) throws SQLException;

    /** @return the table name */
    final String table() {
        return table;
    }

    /** @return {@code SELECT data, version … WHERE id = ? AND expires_at > ?} */
    final String select() {
        return select;
    }

    /** @return {@code SELECT version, OCTET_LENGTH(data) … WHERE id = ? AND expires_at > ?} */
    final String selectVersion() {
        return selectVersion;
    }

    /** @return the versioned update: {@code … WHERE id = ? AND version = ? AND expires_at > ?} */
    final String update() {
        return update;
    }

    /** @return {@code UPDATE … SET expires_at = ? WHERE id = ? AND expires_at > ?} */
    final String touch() {
        return touch;
    }

    /** @return {@code DELETE … WHERE id = ?} */
    final String delete() {
        return delete;
    }

    /** @return the schema resource of this dialect, e.g. {@code schema/postgresql.sql} */
    final String schemaResource() {
        return "schema/" + name() + ".sql";
    }

    /**
     * @param c   the connection
     * @param sql the statement
     * @param timeoutSeconds the query timeout
     * @return the prepared statement with its timeout set
     */
    static PreparedStatement prepare(Connection c, String sql, int timeoutSeconds) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setQueryTimeout(timeoutSeconds);
        return ps;
    }

    /**
     * Runs an upsert that returns the new version as a one-column result ({@code RETURNING version}, H2's
     * {@code FINAL TABLE}); parameters: id, data, expires_at, then {@code now} if not {@code null}.
     *
     * @return the version, or {@code -1} if the statement returned no row (a create-only upsert met a live row)
     */
    static long queryVersion(Connection c, String sql, String key, byte[] blob, long expiresAt, Long now,
                             int timeoutSeconds) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, timeoutSeconds)) {
            ps.setString(1, key);
            ps.setBytes(2, blob);
            ps.setLong(3, expiresAt);
            if (now != null) {
                ps.setLong(4, now);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /**
     * Selects the ids of up to {@code batchSize} expired rows, oldest first.
     *
     * @param lockClause appended to the select, e.g. {@code FOR UPDATE SKIP LOCKED}, or empty
     */
    final List<String> expiredIds(Connection c, int batchSize, long now, int timeoutSeconds, String lockClause)
            throws SQLException {
        String sql = "SELECT id FROM " + table + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ? " + lockClause;
        try (PreparedStatement ps = prepare(c, sql, timeoutSeconds)) {
            ps.setLong(1, now);
            ps.setInt(2, batchSize);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * @param name a dialect name
     * @param table the validated table name
     * @return the dialect
     * @throws IllegalArgumentException if the name is unknown
     */
    static SqlDialect of(String name, String table) {
        return switch (name) {
            case "postgresql" -> new PostgresDialect(table);
            case "mariadb" -> new MariaDbDialect(table);
            case "h2" -> new H2Dialect(table);
            default -> throw new IllegalArgumentException("unknown dialect [" + name + "]");
        };
    }
}
