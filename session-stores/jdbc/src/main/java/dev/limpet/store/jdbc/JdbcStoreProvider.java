package dev.limpet.store.jdbc;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreBackendProvider;
import dev.limpet.core.store.spi.StoreOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * ServiceLoader entry for {@code jdbc:} URIs; see {@link JdbcStoreConfig} for the URI and its parameters and
 * {@link JdbcStoreBackend} for the behaviour. The connections come from {@link StoreOptions#dataSource()} when it is
 * set — the caller (e.g. the Tomcat manager's {@code dataSourceName}) looks the pool up in JNDI and passes it; this
 * module never does JNDI — or else from a HikariCP pool built from the URL ({@link HikariPools}).
 *
 * <p>Opening connects only to detect the dialect of a given {@code DataSource} (unless {@code dialect} is set) and,
 * with {@code createSchema=true}, to apply the schema at once. It keeps trying for up to 10 s, but gives up at once
 * when the connection is refused (no server listening). For the schema, a database that cannot be reached is no
 * error: the schema is applied on the first connection an operation gets ({@link SchemaGate}), so a database down
 * at start never stops the application. A schema that fails on a reachable database (e.g. no {@code CREATE}
 * privilege) fails the open. Stateless and thread-safe.
 */
public final class JdbcStoreProvider implements StoreBackendProvider {

    private static final System.Logger LOG = System.getLogger(JdbcStoreProvider.class.getName());
    /** How long opening may keep trying to get its first connection, milliseconds. */
    static final long OPEN_TIMEOUT_MILLIS = 10_000;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public JdbcStoreProvider() {
    }

    @Override
    public boolean supports(String storeUri) {
        return storeUri != null && storeUri.startsWith(JdbcStoreConfig.PREFIX);
    }

    /**
     * @return a {@link JdbcStoreBackend}
     * @throws StoreException            if a setting is invalid, the dialect cannot be told, or the schema fails on
     *                                   a reachable database
     * @throws StoreUnavailableException if a given {@code DataSource} cannot be reached to detect its dialect
     */
    @Override
    public StoreBackend open(StoreOptions options) throws StoreException {
        JdbcStoreConfig config = JdbcStoreConfig.parse(options);
        DataSource dataSource = options.dataSource();
        AutoCloseable onClose = () -> { };
        String dialectName = config.dialectFromUrl();
        if (dataSource == null) {
            if (dialectName == null) {
                throw new StoreException("cannot tell the SQL dialect of [" + options.redactedStoreUri()
                        + "]: use a jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: or jdbc:h2: URL, or set dialect");
            }
            var pool = HikariPools.build(config, dialectName, options.operationTimeoutMillis());
            dataSource = pool;
            onClose = pool;
        } else if (config.dialect() == null) {
            dialectName = detect(dataSource);
        }
        SqlDialect dialect = SqlDialect.of(dialectName, config.table());
        SchemaGate schema = new SchemaGate(dialect, config.createSchema());
        if (config.createSchema()) {
            applySchemaIfReachable(dataSource, schema, dialect, onClose);
        }
        LOG.log(System.Logger.Level.INFO, "JDBC store [{0}] table [{1}] dialect [{2}] purge every [{3}] s",
                options.redactedStoreUri(), config.table(), dialect.name(), config.purgeIntervalSeconds());
        return new JdbcStoreBackend(dataSource, dialect, schema, options.operationTimeoutMillis(), onClose,
                config.purgeIntervalSeconds(), config.purgeBatchSize());
    }

    private static String detect(DataSource dataSource) throws StoreException {
        String product;
        try (Connection c = connectAtOpen(dataSource)) {
            product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot reach the DataSource to detect its SQL dialect: " + e.getMessage(), e);
        }
        if (product.contains("postgres")) {
            return "postgresql";
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return "mariadb";
        }
        if (product.equals("h2")) {
            return "h2";
        }
        throw new StoreException("unsupported database [" + product + "]: PostgreSQL, MariaDB/MySQL or H2");
    }

    /**
     * Borrows a connection for work done once at open, retrying for up to {@value #OPEN_TIMEOUT_MILLIS} ms: the
     * first connection of a new pool (driver loading, TLS, a database that is still starting, an H2 file whose lock
     * is being taken over) may take longer than one operation timeout, which is meant for requests, not for
     * startup. A refused connection (no server listening) fails at once: waiting would only delay the start.
     */
    private static Connection connectAtOpen(DataSource dataSource) throws SQLException {
        long deadline = System.nanoTime() + OPEN_TIMEOUT_MILLIS * 1_000_000;
        while (true) {
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                if (refused(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                pause(e);
            }
        }
    }

    /** @return whether a {@link java.net.ConnectException} (connection refused) is among the causes */
    static boolean refused(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (suppressed instanceof java.net.ConnectException) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void pause(SQLException failure) throws SQLException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /**
     * Applies the schema now if a connection can be had ({@link #connectAtOpen}); an unreachable database leaves it
     * to the first operation.
     *
     * @throws StoreException if the database answered but the schema failed (closes the pool built here)
     */
    private static void applySchemaIfReachable(DataSource dataSource, SchemaGate schema, SqlDialect dialect,
                                               AutoCloseable onClose) throws StoreException {
        Connection c;
        try {
            c = connectAtOpen(dataSource);
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "database unreachable at open: schema [{0}] for table [{1}] will be"
                    + " applied on the first connection: {2}", dialect.schemaResource(), dialect.table(), e.getMessage());
            return;
        }
        try (c) {
            schema.ensure(c);
        } catch (SQLException e) {
            try {
                onClose.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new StoreException("cannot apply schema [" + dialect.schemaResource() + "] for table ["
                    + dialect.table() + "]: " + e.getMessage(), e);
        }
    }
}
