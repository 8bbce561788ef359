package dev.limpet.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract and the JDBC tests against H2. The embedded mode has no server to kill, so this runs H2's
 * own TCP server (in this JVM, on a free port, database files in a temporary directory): stopping it drops every
 * connection as a dead server would, and the files survive the restart.
 */
class H2StoreIT extends AbstractJdbcStoreIT {

    private static Path dir;
    private static int port;
    private static Server server;

    @BeforeAll
    static void startH2() throws IOException, SQLException {
        dir = Files.createTempDirectory("limpet-h2-");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        startServer();
    }

    private static void startServer() {
        try {
            server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists")
                    .start();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the H2 TCP server", e);
        }
    }

    @AfterAll
    static void stopH2() throws IOException {
        server.stop();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException e) {
            // best effort: a temp directory
        }
    }

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/sessions";
    }

    @Override
    protected String expectedDialect() {
        return "h2";
    }

    @Override
    protected void killServer() {
        server.stop();
    }

    @Override
    protected void restartServer() {
        startServer();
    }
}
