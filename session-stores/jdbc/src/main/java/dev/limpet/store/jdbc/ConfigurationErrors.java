package dev.limpet.store.jdbc;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a configuration error from an outage in a failed JDBC call: a wrong user or password, a database that
 * does not exist, a missing table or a missing privilege are answered at once by a reachable database and will
 * not go away by retrying, unlike a refused or timed-out connection. Judged by SQLState class (SQL:2011 / X/Open:
 * {@code 28} invalid authorization, {@code 3D} invalid catalog, {@code 42} syntax error or access rule violation,
 * which covers PostgreSQL's {@code 42501}/{@code 42P01}, MariaDB's {@code 42000}/{@code 42S02} and H2's
 * {@code 42S02}/{@code 42S04}) and H2's {@code 90146} (database not found), anywhere in the cause chain (HikariCP
 * wraps the driver's exception). Thread-safe.
 */
final class ConfigurationErrors {

    private static final System.Logger LOG = System.getLogger(ConfigurationErrors.class.getName());
    private static final int MAX_LOGGED = 64;
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private ConfigurationErrors() {
    }

    /**
     * @param failure a failed call's exception
     * @return the innermost configuration error among its causes (the driver's, not a pool's wrapper), or
     *         {@code null} if it looks like an outage
     */
    static SQLException find(Throwable failure) {
        SQLException found = null;
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql && isConfigurationState(sql.getSQLState())) {
                found = sql;
            }
        }
        return found;
    }

    private static boolean isConfigurationState(String state) {
        return state != null && (state.startsWith("28") || state.startsWith("3D") || state.startsWith("42")
                || state.equals("90146"));
    }

    /**
     * Logs a configuration error met by an operation at ERROR, once per message (the operation still fails as
     * unavailable, and its caller degrades): a database that refuses the store's user or table must not look like
     * one that is down.
     *
     * @param table the store's table
     * @param error the configuration error
     */
    static void logOnce(String table, SQLException error) {
        String message = error.getMessage();
        if (LOGGED.size() < MAX_LOGGED && LOGGED.add(table + message)) {
            LOG.log(System.Logger.Level.ERROR, "JDBC session store table [{0}]: configuration error, not an outage"
                    + " (fix the database user, its privileges or the table; createSchema=true creates the table): {1}",
                    table, message);
        }
    }
}
