package dev.limpet.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A real PostgreSQL on a free loopback port, in a fresh cluster under a temporary directory: {@code initdb}
 * (trust authentication, superuser {@code postgres}, no fsync), then the {@code postgres} server in the
 * foreground with its unix socket in the same directory and {@code fsync=off}. Commits stay synchronous
 * ({@code synchronous_commit=on}): a {@code kill -9} must not lose what a test saw committed (WAL still in
 * shared memory would be lost; the OS page cache survives a process kill). PostgreSQL refuses to run as root,
 * so as root both run as the {@code postgres} user through {@code setpriv} (which execs, so the PID we kill is the
 * postmaster's) and the directory is handed to that user. Binaries: the newest {@code /usr/lib/postgresql/N/bin}.
 * Restarts keep the data (crash recovery runs, as after a real crash).
 */
public final class PostgresServerProcess extends ServerProcess {

    private final Path bin;

    /** Chooses a free port; call {@link #start()}. */
    public PostgresServerProcess() {
        super("postgres");
        this.bin = findBin();
    }

    /** @return {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?user=postgres";
    }

    @Override
    protected void prepare() throws IOException, InterruptedException {
        if (isRoot()) {
            run(Duration.ofSeconds(10), List.of("chown", "-R", "postgres:postgres", dir().toString()));
        }
        run(Duration.ofSeconds(60), asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data().toString(),
                "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")));
    }

    @Override
    protected List<String> command() {
        return asPostgres(List.of(bin.resolve("postgres").toString(), "-D", data().toString(),
                "-p", String.valueOf(port()), "-k", dir().toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "full_page_writes=off",
                "-c", "max_connections=50", "-c", "shared_buffers=32MB"));
    }

    private Path data() {
        return dir().resolve("data");
    }

    private static List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static Path findBin() {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL server binaries (initdb, postgres) are missing: "
                    + "apt-get install -y postgresql", e);
        }
    }
}
