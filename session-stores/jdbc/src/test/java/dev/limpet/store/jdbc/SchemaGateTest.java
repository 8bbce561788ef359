package dev.limpet.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code createSchema=true} with the database down at open: the schema is applied on the first connection. */
class SchemaGateTest {

    @TempDir
    Path dir;

    @Test
    void aDatabaseDownAtOpenGetsItsSchemaOnTheFirstOperationThatReachesIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StoreOptions options = new StoreOptions("jdbc:h2:tcp://127.0.0.1:" + port + "/gate?createSchema=true"
                + "&purgeIntervalSeconds=0", 500, null, Map.of());
        long start = System.nanoTime();
        try (StoreBackend store = new JdbcStoreProvider().open(options)) {
            assertTrue(System.nanoTime() - start < JdbcStoreProvider.OPEN_TIMEOUT_MILLIS * 1_000_000L / 2,
                    "a refused connection does not hold the open for the whole open timeout");
            assertThrows(StoreUnavailableException.class, () -> store.get("limpet:app:a"), "down: unavailable");
            Files.createDirectories(dir);
            Server server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(),
                    "-ifNotExists").start();
            try {
                assertFalse(firstReachingGet(store), "the table exists once the database is up");
                assertEquals(1, store.put("limpet:app:a", new byte[] {7}, StoreBackend.ANY_VERSION, 60_000));
                assertTrue(store.get("limpet:app:a").isPresent());
            } finally {
                server.stop();
            }
        }
    }

    /** The pool reconnects in the background: poll until an operation reaches the database. */
    private static boolean firstReachingGet(StoreBackend store) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                return store.get("limpet:app:a").isPresent();
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the database never became reachable", e);
                }
                Thread.sleep(100);
            }
        }
    }

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
