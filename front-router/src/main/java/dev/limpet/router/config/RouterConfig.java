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
 * {@code docs/router.md}; each default is declared once, by the {@link Default} of the record component that binds
 * the key.
 *
 * <p>Build one with {@link #fromYaml(String)} or {@link #fromFile(Path)}; both validate everything at once
 * and throw a {@link ConfigException} listing every problem, one per line. Unknown keys are errors. The
 * master secret ({@code secretFile} or {@code secretEnv}) is read during validation and never logged.
 *
 * <p>Immutable and thread-safe.
 *
 * @param listenHost               {@code listen} host: an address or name to bind, {@code 0.0.0.0} for all
 * @param listenPort               {@code listen} port, 0..65535; 0 binds an ephemeral port ({@code LimpetRouter.port()})
 * @param secrets                  the master secrets, present when {@code secretFile} or {@code secretEnv} is set
 * @param backends                 {@code backends}, in configuration order; routes unique
 * @param persistence              {@code persistence}: the default class's method names, in the order they are tried
 * @param backendCookieName        {@code backendCookieName}: the backend-set signed cookie
 * @param sessionCookieName        {@code sessionCookieName}: the session cookie whose route suffix is read
 * @param routerCookie             the router cookie settings ({@code routerCookie} section)
 * @param routeSeparator           {@code routeSeparator}: the character before the route in a session id
 * @param healthCheck              the {@code healthCheck} settings
 * @param timeouts                 the {@code *TimeoutMillis} and {@code passiveDownMillis} settings
 * @param retries                  {@code retries}: how often a failed attempt is retried on another node, 0..5
 * @param maxThreads               {@code maxThreads}: the one thread pool shared by server and client
 * @param maxConnectionsPerBackend {@code maxConnectionsPerBackend}: pooled connections per node
 * @param forwardedHeaders         {@code forwardedHeaders}: whether X-Forwarded-For/-Proto/-Host are sent
 * @param operations               balancing, retry rules, admin API, access log, route header and drain accounting
 * @param persistenceClasses       the persistence classes in match order: every {@code classes} entry, then the
 *                                 default class (the top-level {@code persistence}, {@code onFailure},
 *                                 {@code sorryStatus}, {@code sorryPage})
 * @param sessionTable             the {@code sessionTable} settings
 * @param tls                      the {@code tls} settings: present when the router terminates TLS
 * @param backendTls               the {@code backendTls} settings for {@code https://} nodes
 * @param lifecycle                the stop grace period and the state file ({@code lifecycle})
 * @param discovery                where nodes come from besides {@code backends} ({@code discovery})
 * @param edge                     the listener-edge settings: upgrade tunnels, trusted proxies, PROXY protocol, limits
 * @param warnings                 what the configuration should change although it is valid, e.g. flat
 *                                 {@code routerCookie*} keys of earlier releases; logged at start and printed by
 *                                 {@code --check} ({@link ConfigNotes})
 */
public record RouterConfig(String listenHost, int listenPort, Optional<MasterSecrets> secrets,
                           List<BackendConfig> backends, List<String> persistence, String backendCookieName,
                           String sessionCookieName, RouterCookieConfig routerCookie, char routeSeparator,
                           HealthCheckConfig healthCheck, Timeouts timeouts, int retries, int maxThreads,
                           int maxConnectionsPerBackend, boolean forwardedHeaders, OperationsConfig operations,
                           List<PersistenceClassConfig> persistenceClasses, SessionTableConfig sessionTable,
                           Optional<TlsConfig> tls, BackendTlsConfig backendTls, LifecycleConfig lifecycle,
                           DiscoveryConfig discovery, EdgeConfig edge, List<String> warnings) {

    /** Copies the lists. */
    public RouterConfig {
        backends = List.copyOf(backends);
        persistence = List.copyOf(persistence);
        persistenceClasses = List.copyOf(persistenceClasses);
        warnings = List.copyOf(warnings);
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

    @Override
    public String toString() {
        return "RouterConfig[listen=" + listenHost + ":" + listenPort + ", backends=" + backends + ", persistence="
                + persistence + ", secrets=" + secrets.map(String::valueOf).orElse("none") + "]";
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
}
