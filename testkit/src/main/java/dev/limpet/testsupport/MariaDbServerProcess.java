package dev.limpet.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A real MariaDB on a free loopback port, with a fresh data directory under a temporary directory:
 * {@code mariadb-install-db --no-defaults} then {@code mariadbd --no-defaults} in the foreground with its socket in
 * the same directory, {@code --skip-grant-tables} (any user, no password), no binary log and relaxed InnoDB
 * flushing for speed. The database {@code limpet} is created at the first start. Restarts keep the data
 * (InnoDB crash recovery runs, as after a real crash). Requires the {@code mariadb-server} package.
 */
public final class MariaDbServerProcess extends ServerProcess {

    private final String mariadbd;
    private final String installDb;
    private final String client;
    private boolean created;

    /** Chooses a free port; call {@link #start()}. */
    public MariaDbServerProcess() {
        super("mariadb");
        this.mariadbd = requireBinary("mariadbd", "mariadb-server");
        this.installDb = requireBinary("mariadb-install-db", "mariadb-server");
        this.client = requireBinary("mariadb", "mariadb-client");
    }

    /** @return {@code jdbc:mariadb://127.0.0.1:PORT/limpet?user=root} */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port() + "/limpet?user=root";
    }

    @Override
    protected void prepare() throws IOException, InterruptedException {
        run(Duration.ofSeconds(90), List.of(installDb, "--no-defaults", "--datadir=" + dir().resolve("data"),
                "--auth-root-authentication-method=normal", "--skip-test-db", "--user=root",
                "--skip-name-resolve"));
    }

    @Override
    protected List<String> command() {
        return List.of(mariadbd, "--no-defaults", "--datadir=" + dir().resolve("data"), "--port=" + port(),
                "--bind-address=127.0.0.1", "--socket=" + socket(), "--pid-file=" + dir().resolve("mariadb.pid"),
                "--user=root", "--skip-grant-tables", "--skip-name-resolve", "--skip-log-bin",
                "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M", "--innodb-flush-log-at-trx-commit=0",
                "--innodb-doublewrite=0", "--max-connections=100", "--tmpdir=" + dir());
    }

    @Override
    protected void afterStart() throws IOException, InterruptedException {
        if (!created) {
            run(Duration.ofSeconds(20), List.of(client, "--no-defaults", "--socket=" + socket(), "-u", "root",
                    "-e", "CREATE DATABASE IF NOT EXISTS limpet"));
            created = true;
        }
    }

    private String socket() {
        return dir().resolve("mariadb.sock").toString();
    }
}
