package dev.limpet.store.jdbc;

import dev.limpet.testsupport.MariaDbServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract and the JDBC tests against a real MariaDB started in a temporary directory. */
class MariaDbStoreIT extends AbstractJdbcStoreIT {

    private static MariaDbServerProcess mariadb;

    @BeforeAll
    static void startMariaDb() {
        mariadb = new MariaDbServerProcess();
        mariadb.start();
    }

    @AfterAll
    static void stopMariaDb() {
        mariadb.close();
    }

    @Override
    protected String jdbcUrl() {
        return mariadb.jdbcUrl();
    }

    @Override
    protected String expectedDialect() {
        return "mariadb";
    }

    @Override
    protected void killServer() {
        mariadb.stop();
    }

    @Override
    protected void restartServer() {
        mariadb.start();
    }
}
