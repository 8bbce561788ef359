package dev.limpet.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code createSchema=true} with the database (a real H2 TCP server) down at open: the schema is applied on the first connection. */
class SchemaGateIT {

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
                // The pool reconnects in the background: the first get that reaches the database finds the table.
                await("the database becomes reachable").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(StoreUnavailableException.class)
                        .until(() -> store.get("limpet:app:a").isEmpty());
                assertEquals(1, store.put("limpet:app:a", new byte[] {7}, StoreBackend.ANY_VERSION, 60_000));
                assertTrue(store.get("limpet:app:a").isPresent());
            } finally {
                server.stop();
            }
        }
    }
}
