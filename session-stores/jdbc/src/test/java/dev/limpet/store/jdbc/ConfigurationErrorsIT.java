package dev.limpet.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.testsupport.PostgresServerProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in defaults of the JDBC store against real databases (a PostgreSQL server and H2's TCP server started
 * here): the table is created when missing; with {@code createSchema=false} a missing table, and in any case a
 * missing privilege, a wrong password or an unknown database, fail the open at once with a {@link StoreException}
 * naming the problem — a configuration error, never an outage parked and retried.
 */
class ConfigurationErrorsIT {

    private static PostgresServerProcess postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = new PostgresServerProcess();
        postgres.start();
        try (Connection c = connectWhenReady(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE limpet_reader LOGIN");
        }
    }

    /** PostgreSQL listens before it accepts connections ("the database system is starting up"): poll. */
    private static Connection connectWhenReady() {
        return await("PostgreSQL accepts connections").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e instanceof java.sql.SQLException sql && "57P03".equals(sql.getSQLState()))
                .until(() -> DriverManager.getConnection(postgres.jdbcUrl()), Objects::nonNull);
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static StoreBackend open(String uri) throws StoreException {
        return new JdbcStoreProvider().open(new StoreOptions(uri, 1000, null, Map.of("purgeIntervalSeconds", "0")));
    }

    @Test
    void theTableAndItsIndexAreCreatedByDefault() throws Exception {
        try (StoreBackend store = open(postgres.jdbcUrl() + "&table=created_by_default")) {
            assertEquals(1, store.put("limpet:app:a", new byte[] {1}, StoreBackend.ANY_VERSION, 60_000));
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE indexname = 'created_by_default_expires_at'")) {
            assertTrue(rs.next() && rs.getInt(1) == 1, "the expiry index too");
        }
    }

    @Test
    void aMissingTableWithCreateSchemaOffFailsTheOpen() {
        StoreException e = assertThrows(StoreException.class,
                () -> open(postgres.jdbcUrl() + "&table=never_created&createSchema=false"));
        assertFalse(e instanceof StoreUnavailableException, "a configuration error, not an outage: " + e);
        assertTrue(e.getMessage().contains("never_created") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aMissingPrivilegeFailsTheOpen() throws Exception {
        try (StoreBackend store = open(postgres.jdbcUrl() + "&table=owned_by_postgres")) {
            store.put("limpet:app:a", new byte[] {1}, StoreBackend.ANY_VERSION, 60_000);
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("GRANT SELECT ON owned_by_postgres TO limpet_reader");
        }
        String reader = postgres.jdbcUrl().replace("user=postgres", "user=limpet_reader");
        StoreException e = assertThrows(StoreException.class, () -> open(reader + "&table=owned_by_postgres"));
        assertFalse(e instanceof StoreUnavailableException, e.toString());
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        StoreException create = assertThrows(StoreException.class, () -> open(reader + "&table=reader_may_not_create"));
        assertTrue(create.getMessage().contains("cannot create table [reader_may_not_create]"), create.getMessage());
    }

    @Test
    void anUnknownDatabaseFailsTheOpenAtOnce() {
        String unknown = postgres.jdbcUrl().replace("/postgres?", "/no_such_database?");
        StoreException e = assertThrows(StoreException.class, () -> open(unknown));
        assertFalse(e instanceof StoreUnavailableException, e.toString());
        assertTrue(e.getMessage().contains("no_such_database"), e.getMessage());
    }

    @Test
    void aWrongPasswordFailsTheOpenAndHidesThePassword() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
        try {
            String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/secured";
            DriverManager.getConnection(url, "owner", "right-password").close();
            StoreException e = assertThrows(StoreException.class,
                    () -> open(url + ";USER=owner;PASSWORD=wrong-password"));
            assertFalse(e instanceof StoreUnavailableException, e.toString());
            assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("password"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-password"), e.getMessage());
            try (StoreBackend store = open(url + ";USER=owner;PASSWORD=right-password")) {
                assertEquals(1, store.put("limpet:app:a", new byte[] {1}, StoreBackend.ANY_VERSION, 60_000));
            }
        } finally {
            h2.stop();
        }
    }
}
