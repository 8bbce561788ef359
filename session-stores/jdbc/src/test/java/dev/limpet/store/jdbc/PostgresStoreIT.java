package dev.limpet.store.jdbc;

import dev.limpet.testsupport.PostgresServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract and the JDBC tests against a real PostgreSQL cluster started in a temporary directory. */
class PostgresStoreIT extends AbstractJdbcStoreIT {

    private static PostgresServerProcess postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = new PostgresServerProcess();
        postgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    @Override
    protected String expectedDialect() {
        return "postgresql";
    }

    @Override
    protected void killServer() {
        postgres.stop();
    }

    @Override
    protected void restartServer() {
        postgres.start();
    }
}
