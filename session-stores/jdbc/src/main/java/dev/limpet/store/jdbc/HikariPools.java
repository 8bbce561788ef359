package dev.limpet.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Builds the small HikariCP pool a JDBC store uses when it is given a URL rather than a {@code DataSource}.
 * Timeouts follow the operation timeout: {@code connectionTimeout} (waiting for a pooled or new connection) and
 * {@code validationTimeout} equal it (HikariCP's minimum is 250 ms), and the driver's connect and socket timeouts
 * are set from it unless the URL sets them (PostgreSQL {@code connectTimeout}/{@code socketTimeout} in seconds,
 * MariaDB in milliseconds), so that a dead or hung server fails an operation instead of blocking it. The pool
 * starts empty and does not fail when the database is down at start ({@code initializationFailTimeout = -1}).
 */
final class HikariPools {

    private HikariPools() {
    }

    /**
     * @param config          the store settings (URL, pool size)
     * @param dialect         the dialect, for the driver's timeout property names
     * @param opTimeoutMillis the operation timeout, milliseconds
     * @return the pool; closing it closes every connection
     */
    static HikariDataSource build(JdbcStoreConfig config, String dialect, long opTimeoutMillis) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("limpet-store-" + dialect);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        long timeout = Math.max(250, opTimeoutMillis);
        hikari.setConnectionTimeout(timeout);
        hikari.setValidationTimeout(timeout);
        hikari.setInitializationFailTimeout(-1);
        long seconds = Math.max(1, (opTimeoutMillis + 999) / 1000);
        switch (dialect) {
            case "postgresql" -> {
                driverDefault(hikari, config, "connectTimeout", seconds);
                driverDefault(hikari, config, "socketTimeout", seconds + 1);
            }
            case "mariadb" -> {
                driverDefault(hikari, config, "connectTimeout", timeout);
                driverDefault(hikari, config, "socketTimeout", timeout + 1000);
            }
            default -> {
                // H2: embedded, or its TCP server with the operating system's timeouts
            }
        }
        return new HikariDataSource(hikari);
    }

    private static void driverDefault(HikariConfig hikari, JdbcStoreConfig config, String property, long value) {
        if (!config.jdbcUrl().contains(property + "=")) {
            hikari.addDataSourceProperty(property, String.valueOf(value));
        }
    }
}
