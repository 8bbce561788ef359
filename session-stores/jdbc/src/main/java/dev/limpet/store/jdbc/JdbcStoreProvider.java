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
 * <p>Opening connects to detect the dialect of a given {@code DataSource} (unless {@code dialect} is set), to
 * apply the schema ({@code createSchema}, on by default, as Jetty's JDBC session store creates its table) and to
 * check that the table is there and usable ({@link TableCheck}). It keeps trying for up to 10 s, but gives up at
 * once when the connection is refused (no server listening). A database that cannot be reached is no error: the
 * schema is applied on the first connection an operation gets ({@link SchemaGate}), so a database down at start
 * never stops the application. A configuration error answered by a reachable database — wrong user or password,
 * no such database, the table missing (with {@code createSchema=false}) or a privilege missing
 * ({@link ConfigurationErrors}) — fails the open with a {@link StoreException}. Stateless and thread-safe.
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
     * @throws StoreException            if a setting is invalid, the dialect cannot be told, or a reachable
     *                                   database answers with a configuration error
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
        prepareIfReachable(dataSource, schema, dialect, onClose);
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
            if (ConfigurationErrors.find(e) != null) {
                throw new StoreException("the DataSource refused the store: " + e.getMessage(), e);
            }
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
                if (refused(e) || ConfigurationErrors.find(e) != null || System.nanoTime() > deadline) {
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
     * If a connection can be had now ({@link #connectAtOpen}): applies the schema (unless {@code createSchema=false})
     * and checks that the table is there and usable ({@link TableCheck}). A database that cannot be reached leaves
     * both to the first operation.
     *
     * @throws StoreException if the database answered with a configuration error: wrong user or password, no such
     *                        database, the table missing or a privilege missing (closes the pool built here)
     */
    private static void prepareIfReachable(DataSource dataSource, SchemaGate schema, SqlDialect dialect,
                                           AutoCloseable onClose) throws StoreException {
        Connection c;
        try {
            c = connectAtOpen(dataSource);
        } catch (SQLException e) {
            failIfConfiguration(e, "the database refused the store's connection", onClose);
            LOG.log(System.Logger.Level.WARNING, "database unreachable at open: the table [{0}] will be checked (and"
                    + " created unless createSchema=false) on the first connection: {1}", dialect.table(), e.getMessage());
            return;
        }
        try (c) {
            try {
                schema.ensure(c);
            } catch (SQLException e) {
                failIfConfiguration(e, "cannot create table [" + dialect.table() + "] with ["
                        + dialect.schemaResource() + "] (createSchema=true, the default)", onClose);
                throw e;
            }
            try {
                TableCheck.verify(c, dialect);
            } catch (SQLException e) {
                failIfConfiguration(e, "table [" + dialect.table() + "] is missing or not usable by this user"
                        + (schema.isDone() ? "" : " (apply [" + dialect.schemaResource() + "], or drop createSchema=false)"),
                        onClose);
                throw e;
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "database failed at open: the table [{0}] will be checked on the first"
                    + " connection: {1}", dialect.table(), e.getMessage());
        }
    }

    /** @throws StoreException if {@code e} is a configuration error (after closing the pool built here) */
    private static void failIfConfiguration(SQLException e, String what, AutoCloseable onClose) throws StoreException {
        SQLException configuration = ConfigurationErrors.find(e);
        if (configuration == null) {
            return;
        }
        try {
            onClose.close();
        } catch (Exception closing) {
            e.addSuppressed(closing);
        }
        throw new StoreException(what + ": " + configuration.getMessage(), e);
    }
}
