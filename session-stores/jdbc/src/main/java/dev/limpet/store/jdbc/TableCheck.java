package dev.limpet.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Checks at open that the store's table exists and that the database user may read, insert, update and delete
 * its rows, without changing any: each statement matches no row ({@code WHERE 1 = 0}), in one transaction that
 * is rolled back. The database checks table and privileges when it plans a statement, whatever it matches.
 * Stateless.
 */
final class TableCheck {

    private TableCheck() {
    }

    /**
     * @param c       a connection
     * @param dialect the dialect, for the table name
     * @throws SQLException if the table is missing, a privilege is missing, or the database fails
     */
    static void verify(Connection c, SqlDialect dialect) throws SQLException {
        String table = dialect.table();
        String columns = "id, data, version, expires_at";
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement statement = c.createStatement()) {
            statement.executeQuery("SELECT " + columns + " FROM " + table + " WHERE 1 = 0").close();
            statement.executeUpdate("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + table
                    + " WHERE 1 = 0");
            statement.executeUpdate("UPDATE " + table + " SET version = version WHERE 1 = 0");
            statement.executeUpdate("DELETE FROM " + table + " WHERE 1 = 0");
        } finally {
            try {
                c.rollback();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }
}
