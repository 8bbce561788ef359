package dev.limpet.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * MariaDB 10.6+ and MySQL 8.0+ (InnoDB). Upsert: {@code INSERT … ON DUPLICATE KEY UPDATE version =
 * LAST_INSERT_ID(version + 1), …}; the server returns the new version as the statement's insert id (MySQL docs,
 * {@code LAST_INSERT_ID(expr)}), read through {@code getGeneratedKeys()} — one round trip; an insert id of 0 means the
 * row was inserted, version 1. Create-only: a plain {@code INSERT} (one round trip); on a duplicate key, one
 * {@code UPDATE … WHERE id = ? AND expires_at <= ?} revives an expired row, else conflict.
 *
 * <p>Purge: in one READ COMMITTED transaction (no gap locks), {@code SELECT id … LIMIT n FOR UPDATE SKIP LOCKED}
 * then one {@code DELETE … WHERE id = ?} per row, batched — MariaDB allows neither {@code LIMIT} in an {@code IN}
 * subquery nor a subquery on the table being deleted from, and a multi-row {@code id IN (…)} may be run as a scan
 * that waits on rows other purgers hold (a deadlock the concurrency test provoked); a point delete by primary key
 * touches only the row this transaction already locked. Rows locked by another purger or writer are skipped, so
 * purgers never wait on each other and never deadlock.
 */
final class MariaDbDialect extends SqlDialect {

    private final String upsertAny;
    private final String insert;
    private final String revive;

    MariaDbDialect(String table) {
        super(table);
        this.insert = "INSERT INTO " + table + " (id, data, version, expires_at) VALUES (?, ?, 1, ?)";
        this.upsertAny = insert + " ON DUPLICATE KEY UPDATE version = LAST_INSERT_ID(version + 1),"
                + " data = VALUES(data), expires_at = VALUES(expires_at)";
        this.revive = "UPDATE " + table + " SET version = LAST_INSERT_ID(version + 1), data = ?, expires_at = ?"
                + " WHERE id = ? AND expires_at <= ?";
    }

    @Override
    String name() {
        return "mariadb";
    }

    @Override
    long upsert(Connection c, String key, byte[] blob, long expiresAt, boolean newOnly, long now, int timeoutSeconds)
            throws SQLException {
        if (!newOnly) {
            return insertIdVersion(c, upsertAny, timeoutSeconds, key, blob, expiresAt);
        }
        try {
            return insertIdVersion(c, insert, timeoutSeconds, key, blob, expiresAt);
        } catch (SQLException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(revive, Statement.RETURN_GENERATED_KEYS)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setBytes(1, blob);
            ps.setLong(2, expiresAt);
            ps.setString(3, key);
            ps.setLong(4, now);
            return ps.executeUpdate() == 0 ? -1 : generatedVersion(ps);
        }
    }

    private static long insertIdVersion(Connection c, String sql, int timeoutSeconds, String key, byte[] blob,
                                        long expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setString(1, key);
            ps.setBytes(2, blob);
            ps.setLong(3, expiresAt);
            ps.executeUpdate();
            return generatedVersion(ps);
        }
    }

    private static long generatedVersion(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            long id = keys.next() ? keys.getLong(1) : 0;
            return id > 0 ? id : 1;
        }
    }

    private static boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == 1062 || "23000".equals(e.getSQLState());
    }

    @Override
    int purge(Connection c, int batchSize, long now, int timeoutSeconds) throws SQLException {
        int isolation = c.getTransactionIsolation();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(false);
        try {
            List<String> ids = expiredIds(c, batchSize, now, timeoutSeconds, "FOR UPDATE SKIP LOCKED");
            int deleted = ids.isEmpty() ? 0 : deleteIds(c, ids, timeoutSeconds);
            c.commit();
            return deleted;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
            c.setTransactionIsolation(isolation);
        }
    }

    private int deleteIds(Connection c, List<String> ids, int timeoutSeconds) throws SQLException {
        try (PreparedStatement ps = prepare(c, delete(), timeoutSeconds)) {
            for (String id : ids) {
                ps.setString(1, id);
                ps.addBatch();
            }
            int deleted = 0;
            for (int count : ps.executeBatch()) {
                deleted += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
            }
            return deleted;
        }
    }
}
