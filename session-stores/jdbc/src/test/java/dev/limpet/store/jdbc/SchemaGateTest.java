package dev.limpet.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** How the schema gate tells a refused connection from a slow one, and when it has nothing to do (no server: {@link SchemaGateIT}). */
class SchemaGateTest {

    @Test
    void aRefusedConnectionIsToldFromASlowOne() {
        assertTrue(JdbcStoreProvider.refused(new SQLException("pool", new SQLException("driver",
                new java.net.ConnectException("Connection refused")))));
        SQLException suppressed = new SQLException("driver");
        suppressed.addSuppressed(new java.net.ConnectException("Connection refused"));
        assertTrue(JdbcStoreProvider.refused(new SQLException("pool", suppressed)));
        assertFalse(JdbcStoreProvider.refused(new SQLException("pool", new java.net.SocketTimeoutException())));
    }

    @Test
    void theGateIsOpenWithoutCreateSchema() throws IOException {
        assertTrue(new SchemaGate(SqlDialect.of("h2", "t"), false).isDone());
        assertFalse(new SchemaGate(SqlDialect.of("h2", "t"), true).isDone());
    }
}
