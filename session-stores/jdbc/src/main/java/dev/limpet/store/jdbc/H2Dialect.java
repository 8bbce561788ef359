package dev.limpet.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * H2 2.x, the embedded default: upsert with the standard {@code MERGE INTO … USING … WHEN MATCHED [AND
 * expired] THEN UPDATE … WHEN NOT MATCHED THEN INSERT}, wrapped in {@code SELECT version FROM FINAL TABLE (…)} to
 * read the new version in the same statement (H2 "data change delta table"). Purge is a plain batched delete by
 * key: select up to n expired ids, then delete each with {@code WHERE id = ? AND expires_at <= ?}, so that a row
 * touched meanwhile survives and a row another purger deleted first is simply not counted.
 */
final class H2Dialect extends ReturningUpsertDialect {

    private static final String MERGE = "SELECT version FROM FINAL TABLE (MERGE INTO %s AS s USING (VALUES ("
            + "CAST(? AS VARCHAR(250)), CAST(? AS VARBINARY), CAST(? AS BIGINT))) AS v (id, data, expires_at)"
            + " ON s.id = v.id WHEN MATCHED%s THEN UPDATE SET data = v.data, version = s.version + 1,"
            + " expires_at = v.expires_at WHEN NOT MATCHED THEN INSERT (id, data, version, expires_at)"
            + " VALUES (v.id, v.data, 1, v.expires_at))";

    private final String deleteExpired;

    H2Dialect(String table) {
        super(table, MERGE.formatted(table, ""), MERGE.formatted(table, " AND s.expires_at <= ?"));
        this.deleteExpired = "DELETE FROM " + table + " WHERE id = ? AND expires_at <= ?";
    }

    @Override
    String name() {
        return "h2";
    }

    @Override
    int purge(Connection c, int batchSize, long now, int timeoutSeconds) throws SQLException {
        List<String> ids = expiredIds(c, batchSize, now, timeoutSeconds, "");
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = prepare(c, deleteExpired, timeoutSeconds)) {
            for (String id : ids) {
                ps.setString(1, id);
                ps.setLong(2, now);
                ps.addBatch();
            }
            int deleted = 0;
            for (int count : ps.executeBatch()) {
                deleted += Math.max(count, 0);
            }
            return deleted;
        }
    }
}
