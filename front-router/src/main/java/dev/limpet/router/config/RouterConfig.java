package dev.limpet.router.config;

import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.router.table.SessionTableConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration of one router: where it listens, its backends, its persistence methods and
 * their cookies, health checks and timeouts. Every key, with default and unit, is documented in
 * {@code docs/router.md}.
 *
 * <p>Build one with {@link #fromYaml(String)} or {@link #fromFile(Path)}; both validate everything at once
 * and throw a {@link ConfigException} listing every problem, one per line. Unknown keys are errors. The
 * master secret ({@code secretFile} or {@code secretEnv}) is read during validation and never logged.
 *
 * <p>Immutable and thread-safe.
 */
public final class RouterConfig {

    private final String listenHost;
    private final int listenPort;
    private final MasterSecrets secrets;
    private final List<BackendConfig> backends;
    private final List<String> persistence;
    private final String backendCookieName;
    private final String sessionCookieName;
    private final RouterCookieConfig routerCookie;
    private final char routeSeparator;
    private final HealthCheckConfig healthCheck;
    private final Timeouts timeouts;
    private final int retries;
    private final int maxThreads;
    private final int maxConnectionsPerBackend;
    private final boolean forwardedHeaders;
    private final OperationsConfig operations;
    private final List<PersistenceClassConfig> persistenceClasses;
    private final SessionTableConfig sessionTable;
    private final TlsConfig tls;
    private final BackendTlsConfig backendTls;
    private final LifecycleConfig lifecycle;
    private final DiscoveryConfig discovery;
    private final EdgeConfig edge;

    RouterConfig(Builder b) {
        this.listenHost = b.listenHost;
        this.listenPort = b.listenPort;
        this.secrets = b.secrets;
        this.backends = List.copyOf(b.backends);
        this.persistence = List.copyOf(b.persistence);
        this.backendCookieName = b.backendCookieName;
        this.sessionCookieName = b.sessionCookieName;
        this.routerCookie = b.routerCookie;
        this.routeSeparator = b.routeSeparator;
        this.healthCheck = b.healthCheck;
        this.timeouts = b.timeouts;
        this.retries = b.retries;
        this.maxThreads = b.maxThreads;
        this.maxConnectionsPerBackend = b.maxConnectionsPerBackend;
        this.forwardedHeaders = b.forwardedHeaders;
        this.operations = b.operations;
        this.persistenceClasses = List.copyOf(b.persistenceClasses);
        this.sessionTable = b.sessionTable;
        this.tls = b.tls;
        this.backendTls = b.backendTls;
        this.lifecycle = b.lifecycle;
        this.discovery = b.discovery;
        this.edge = b.edge;
    }

    /** @return the listener-edge settings: upgrade tunnels ({@code tunnel}) */
    public EdgeConfig edge() {
        return edge;
    }

    /**
     * Parses and validates a YAML configuration, reading {@code secretEnv} from {@link System#getenv()} and a
     * relative {@code secretFile} against the working directory.
     *
     * @param yaml the configuration text
     * @return the validated configuration
     * @throws ConfigException listing every problem, one per line
     */
    public static RouterConfig fromYaml(String yaml) throws ConfigException {
        return fromYaml(yaml, System.getenv(), Path.of(""));
    }

    /**
     * Parses and validates a YAML configuration with an explicit environment (for {@code secretEnv}) and base
     * directory (for a relative {@code secretFile}).
     *
     * @param yaml    the configuration text
     * @param env     the environment variables
     * @param baseDir the directory a relative {@code secretFile} is resolved against
     * @return the validated configuration
     * @throws ConfigException listing every problem, one per line
     */
    public static RouterConfig fromYaml(String yaml, Map<String, String> env, Path baseDir) throws ConfigException {
        return new RouterConfigParser(env, baseDir).parse(yaml);
    }

    /**
     * Reads, parses and validates a YAML configuration file. A relative {@code secretFile} is resolved against
     * the directory of {@code file}.
     *
     * @param file the configuration file
     * @return the validated configuration
     * @throws ConfigException if the file cannot be read, listing every problem otherwise
     */
    public static RouterConfig fromFile(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read configuration file [" + file + "]: " + e.getMessage()));
        }
        Path dir = file.toAbsolutePath().getParent();
        return fromYaml(yaml, System.getenv(), dir == null ? Path.of("") : dir);
    }

    /** @return {@code listen} host: an address or name to bind, {@code 0.0.0.0} for all */
    public String listenHost() {
        return listenHost;
    }

    /** @return {@code listen} port, 0..65535; 0 binds an ephemeral port (see {@code LimpetRouter.port()}) */
    public int listenPort() {
        return listenPort;
    }

    /** @return the master secrets, present when {@code secretFile} or {@code secretEnv} is set */
    public Optional<MasterSecrets> secrets() {
        return Optional.ofNullable(secrets);
    }

    /** @return {@code backends}, in configuration order; at least one, routes unique */
    public List<BackendConfig> backends() {
        return backends;
    }

    /** @return {@code persistence}: the default class's method names, in the order they are tried */
    public List<String> persistence() {
        return persistence;
    }

    /**
     * @return the persistence classes in match order: every {@code classes} entry, then the default class (the
     *         top-level {@code persistence}, {@code onFailure}, {@code sorryStatus}, {@code sorryPage})
     */
    public List<PersistenceClassConfig> persistenceClasses() {
        return persistenceClasses;
    }

    /** @return the {@code sessionTable} settings (defaults when absent) */
    public SessionTableConfig sessionTable() {
        return sessionTable;
    }

    /** @return the {@code tls} settings: present when the router terminates TLS */
    public Optional<TlsConfig> tls() {
        return Optional.ofNullable(tls);
    }

    /** @return the {@code backendTls} settings for {@code https://} nodes (defaults when absent) */
    public BackendTlsConfig backendTls() {
        return backendTls;
    }

    /** @return {@code backendCookieName}: the backend-set signed cookie, default {@code X-Backend} */
    public String backendCookieName() {
        return backendCookieName;
    }

    /** @return {@code sessionCookieName}: the session cookie whose route suffix is read, default {@code JSESSIONID} */
    public String sessionCookieName() {
        return sessionCookieName;
    }

    /** @return the router cookie settings ({@code routerCookie*} keys) */
    public RouterCookieConfig routerCookie() {
        return routerCookie;
    }

    /** @return {@code routeSeparator}: the character before the route in a session id, default {@code .} */
    public char routeSeparator() {
        return routeSeparator;
    }

    /** @return the {@code healthCheck} settings */
    public HealthCheckConfig healthCheck() {
        return healthCheck;
    }

    /** @return the {@code *TimeoutMillis} and {@code passiveDownMillis} settings */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** @return {@code retries}: how often a failed connection is retried on another node, 0..5, default 1 */
    public int retries() {
        return retries;
    }

    /** @return {@code maxThreads}: the size of the one thread pool shared by server and client, default 32 */
    public int maxThreads() {
        return maxThreads;
    }

    /** @return {@code maxConnectionsPerBackend}: pooled connections per node, default 256 */
    public int maxConnectionsPerBackend() {
        return maxConnectionsPerBackend;
    }

    /** @return {@code forwardedHeaders}: whether X-Forwarded-For/-Proto/-Host are sent, default {@code true} */
    public boolean forwardedHeaders() {
        return forwardedHeaders;
    }

    /** @return balancing, retry rules, admin API, access log, route header and drain accounting settings */
    public OperationsConfig operations() {
        return operations;
    }

    /** @return where nodes come from besides {@code backends} ({@code discovery}) */
    public DiscoveryConfig discovery() {
        return discovery;
    }

    /** @return the stop grace period and the state file ({@code lifecycle}) */
    public LifecycleConfig lifecycle() {
        return lifecycle;
    }

    @Override
    public String toString() {
        return "RouterConfig[listen=" + listenHost + ":" + listenPort + ", backends=" + backends + ", persistence="
                + persistence + ", secrets=" + (secrets == null ? "none" : secrets) + "]";
    }

    /**
     * Timeouts, all in milliseconds.
     *
     * @param connectTimeoutMillis       connecting to a backend (HAProxy {@code timeout connect}), default 2000
     * @param backendIdleTimeoutMillis   silence on a backend connection before it is closed: during an exchange
     *                                   the router then answers 504 (HAProxy {@code timeout server}); a pooled
     *                                   idle connection is dropped (a backend's own earlier close is noticed at
     *                                   once), default 60000
     * @param clientIdleTimeoutMillis    silence on a client connection before it is closed (HAProxy
     *                                   {@code timeout client}), default 30000
     * @param passiveDownMillis          how long a node whose connection failed is taken out of rotation
     *                                   (passive failure detection), default 10000
     */
    public record Timeouts(long connectTimeoutMillis, long backendIdleTimeoutMillis, long clientIdleTimeoutMillis,
                           long passiveDownMillis) {
    }

    /** Mutable collector used by {@link RouterConfigParser}; not part of the API. */
    static final class Builder {
        String listenHost;
        int listenPort;
        MasterSecrets secrets;
        List<BackendConfig> backends = List.of();
        List<String> persistence = List.of();
        String backendCookieName;
        String sessionCookieName;
        RouterCookieConfig routerCookie;
        char routeSeparator;
        HealthCheckConfig healthCheck;
        Timeouts timeouts;
        int retries;
        int maxThreads;
        int maxConnectionsPerBackend;
        boolean forwardedHeaders;
        OperationsConfig operations = OperationsConfig.defaults();
        List<PersistenceClassConfig> persistenceClasses = List.of();
        SessionTableConfig sessionTable;
        TlsConfig tls;
        BackendTlsConfig backendTls = BackendTlsConfig.defaults();
        LifecycleConfig lifecycle = LifecycleConfig.defaults();
        DiscoveryConfig discovery = DiscoveryConfig.none();
        EdgeConfig edge = EdgeConfig.defaults();
    }
}
