package dev.limpet.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * PostgreSQL 9.5+: upsert with {@code INSERT … ON CONFLICT (id) DO UPDATE … RETURNING version} (one round trip;
 * with create-only semantics the update carries {@code WHERE s.expires_at <= ?}, so an unexpired row yields no row
 * and means conflict), and purge with one {@code DELETE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)}:
 * rows another purger or writer holds are skipped, never waited for (PostgreSQL docs, "The Locking Clause").
 */
final class PostgresDialect extends ReturningUpsertDialect {

    private static final String UPSERT = "INSERT INTO %s AS s (id, data, version, expires_at) VALUES (?, ?, 1, ?)"
            + " ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, version = s.version + 1,"
            + " expires_at = EXCLUDED.expires_at";

    private final String purge;

    PostgresDialect(String table) {
        super(table, UPSERT.formatted(table) + " RETURNING version",
                UPSERT.formatted(table) + " WHERE s.expires_at <= ? RETURNING version");
        this.purge = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)";
    }

    @Override
    String name() {
        return "postgresql";
    }

    @Override
    int purge(Connection c, int batchSize, long now, int timeoutSeconds) throws SQLException {
        try (PreparedStatement ps = prepare(c, purge, timeoutSeconds)) {
            ps.setLong(1, now);
            ps.setInt(2, batchSize);
            return ps.executeUpdate();
        }
    }
}
