package dev.limpet.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A dialect whose upsert is one statement that returns the new version as a one-column result (PostgreSQL
 * {@code RETURNING}, H2 {@code FINAL TABLE}); the create-only form has one more parameter, {@code now}, and returns
 * no row when an unexpired row exists.
 */
abstract class ReturningUpsertDialect extends SqlDialect {

    private final String upsertAny;
    private final String upsertNew;

    /**
     * @param table     the validated table name
     * @param upsertAny the unconditional upsert; parameters id, data, expires_at
     * @param upsertNew the create-only upsert; parameters id, data, expires_at, now
     */
    ReturningUpsertDialect(String table, String upsertAny, String upsertNew) {
        super(table);
        this.upsertAny = upsertAny;
        this.upsertNew = upsertNew;
    }

    /**
     * Upserts. A writer that raced another one creating the same row gets a unique-key violation where the
     * statement does not arbitrate inserts itself (H2's {@code MERGE … WHEN NOT MATCHED THEN INSERT} decides
     * "not matched" before inserting, so two racing creators both insert and the later one fails): for a
     * create-only upsert that is a lost race, a conflict ({@code -1}), not a store failure; an unconditional one
     * is run again, now matching the row the other writer created.
     */
    @Override
    final long upsert(Connection c, String key, byte[] blob, long expiresAt, boolean newOnly, long now,
                      int timeoutSeconds) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return queryVersion(c, newOnly ? upsertNew : upsertAny, key, blob, expiresAt, newOnly ? now : null,
                        timeoutSeconds);
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                if (newOnly) {
                    return -1;
                }
                if (attempt >= MAX_ANY_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Unconditional upserts that met a row created under them before they give up (each retry matches it). */
    private static final int MAX_ANY_ATTEMPTS = 3;

    /** @return whether {@code e} is a unique or primary key violation (SQLSTATE 23505) */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
