package dev.limpet.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, without persistence:
 * {@code redis-server --port PORT --bind 127.0.0.1 --save "" --appendonly no --dir TMP}. Restarts come back
 * empty, unless {@link #withAppendOnly()}. With {@link #withPassword(String)} it requires a password ({@code requirepass}). With
 * {@link #sentinelOf(RedisServerProcess, String)} the same binary runs as a Sentinel ({@code --sentinel})
 * monitoring another instance. Requires the {@code redis-server} package; never touches another Redis (such
 * as a shared one on 6379). Not thread-safe.
 */
public final class RedisServerProcess extends ServerProcess {

    private final String binary;
    private String password;
    private RedisServerProcess monitored;
    private String masterName;
    private java.nio.file.Path tlsCertificate;
    private java.nio.file.Path tlsKey;
    private boolean clusterNode;
    private boolean appendOnly;

    /** Chooses a free port; call {@link #start()}. */
    public RedisServerProcess() {
        super("redis");
        this.binary = requireBinary("redis-server", "redis-server");
    }

    /**
     * A Sentinel monitoring {@code master} under {@code masterName}, quorum 1.
     *
     * @param master     the monitored server (started before this one)
     * @param masterName the Sentinel master name, e.g. {@code mymaster}
     * @return the Sentinel launcher; call {@link #start()}
     */
    public static RedisServerProcess sentinelOf(RedisServerProcess master, String masterName) {
        RedisServerProcess sentinel = new RedisServerProcess();
        sentinel.monitored = master;
        sentinel.masterName = masterName;
        return sentinel;
    }

    /**
     * @param requiredPassword the password clients must send ({@code AUTH}); set before {@link #start()}
     * @return this
     */
    public RedisServerProcess withPassword(String requiredPassword) {
        this.password = requiredPassword;
        return this;
    }

    /**
     * Serves TLS only, on {@link #port()} ({@code --port 0 --tls-port PORT}); clients are not asked for
     * certificates. Set before {@link #start()}.
     *
     * @param certificate the server certificate chain, PEM
     * @param key         its private key, PEM, unencrypted
     * @return this
     */
    public RedisServerProcess withTls(java.nio.file.Path certificate, java.nio.file.Path key) {
        this.tlsCertificate = certificate;
        this.tlsKey = key;
        return this;
    }

    /**
     * Runs as a Redis Cluster node ({@code --cluster-enabled yes}, node file in the temp directory); join nodes
     * into a cluster with {@code redis-cli --cluster create}. Set before {@link #start()}.
     *
     * @return this
     */
    public RedisServerProcess asClusterNode() {
        this.clusterNode = true;
        return this;
    }

    /**
     * Keeps the data across a {@code kill -9} and restart: an append-only file fsynced at every write
     * ({@code --appendonly yes --appendfsync always}), so a restart comes back with every acknowledged write. Set
     * before {@link #start()}.
     *
     * @return this
     */
    public RedisServerProcess withAppendOnly() {
        this.appendOnly = true;
        return this;
    }

    /** @return {@code redis://127.0.0.1:PORT/0}, without credentials */
    public String uri() {
        return "redis://127.0.0.1:" + port() + "/0";
    }

    @Override
    protected void prepare() throws java.io.IOException {
        if (monitored != null) {
            java.nio.file.Files.writeString(dir().resolve("sentinel.conf"), "port " + port() + "\nbind 127.0.0.1\n"
                    + "dir " + dir() + "\nsentinel monitor " + masterName + " 127.0.0.1 " + monitored.port() + " 1\n"
                    + (monitored.password == null ? "" : "sentinel auth-pass " + masterName + " " + monitored.password + "\n"));
        }
    }

    @Override
    protected List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(binary);
        if (monitored != null) {
            command.addAll(List.of(dir().resolve("sentinel.conf").toString(), "--sentinel"));
            return command;
        }
        if (tlsCertificate != null) {
            command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port()), "--tls-cert-file",
                    tlsCertificate.toString(), "--tls-key-file", tlsKey.toString(), "--tls-ca-cert-file",
                    tlsCertificate.toString(), "--tls-auth-clients", "no"));
        } else {
            command.addAll(List.of("--port", String.valueOf(port())));
        }
        command.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--dir", dir().toString(), "--daemonize", "no"));
        command.addAll(appendOnly ? List.of("--appendonly", "yes", "--appendfsync", "always")
                : List.of("--appendonly", "no"));
        if (clusterNode) {
            command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                    dir().resolve("nodes.conf").toString()));
        }
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        return command;
    }
}
