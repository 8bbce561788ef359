package dev.limpet.router.config;

import dev.limpet.router.config.Constraints.Token;
import dev.limpet.router.config.Constraints.Within;
import dev.limpet.router.node.Node;
import dev.limpet.router.persistence.PersistenceMethods;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The router's YAML as bound by Jackson: one field per key, named as the key, holding its default — the one place
 * a default is declared ({@code docs/router.md} is checked against these fields by {@code RouterDocsKeysTest}).
 * Field constraints are Jakarta Bean Validation annotations; rules across keys, and everything that reads a file,
 * are checked by {@link RouterConfigParser} while it builds the {@link RouterConfig}. A section that is
 * {@code null} was absent. Mutable and not thread-safe: one instance per parse.
 */
final class RouterYaml extends PersistenceYaml.ClassOptions {

    @NotNull(message = "is required") String listen;
    String secretFile;
    String secretEnv;
    List<@Valid Backend> backends;
    @Valid List<PersistenceYaml.PersistenceClass> classes = List.of();
    @Valid Sections.SessionTable sessionTable = new Sections.SessionTable();
    @Valid Sections.Tls tls;
    @Valid Sections.BackendTls backendTls = new Sections.BackendTls();
    @Token(message = Constraints.COOKIE_NAME) String backendCookieName = "X-Backend";
    @Token(message = Constraints.COOKIE_NAME) String sessionCookieName = "JSESSIONID";
    String routeSeparator = ".";
    @Valid Sections.RouterCookie routerCookie = new Sections.RouterCookie();
    @Valid Sections.HealthCheck healthCheck;
    @Within(min = 1, max = 600_000, unit = "ms") long connectTimeoutMillis = 2000;
    @Within(min = 1, max = 86_400_000, unit = "ms") long backendIdleTimeoutMillis = 60_000;
    @Within(min = 1, max = 86_400_000, unit = "ms") long clientIdleTimeoutMillis = 30_000;
    @Within(min = 0, max = 3_600_000, unit = "ms") long passiveDownMillis = 10_000;
    @Within(min = 0, max = 5, unit = "retries") int retries = 1;
    List<String> retryOn = List.of("connect-failure", "idempotent");
    @Within(min = 4, max = 10_000, unit = "threads") int maxThreads = 32;
    @Within(min = 1, max = 100_000, unit = "connections") int maxConnectionsPerBackend = 256;
    boolean forwardedHeaders = true;
    List<String> trustedProxies = List.of();
    boolean proxyProtocol;
    @Within(min = 0, max = 3_600_000, unit = "ms") long requestHeaderTimeoutMillis = 10_000;
    @Within(min = 0, max = 1L << 30, unit = "bytes/s") long minRequestBodyBytesPerSecond;
    @Within(min = 0, max = 1_000_000, unit = "connections") int maxConnectionsPerClient;
    boolean http2;
    @Valid Sections.Tunnel tunnel = new Sections.Tunnel();
    @Valid Sections.Lifecycle lifecycle = new Sections.Lifecycle();
    @Valid Sections.Discovery discovery;
    @Valid Sections.Balance balance = new Sections.Balance();
    @Valid Sections.Drain drain = new Sections.Drain();
    @Valid Sections.Admin admin;
    @Valid Sections.AccessLog accessLog;
    boolean routeHeader;

    RouterYaml() {
        persistence = List.of(PersistenceYaml.Entry.named(PersistenceMethods.BACKEND_COOKIE),
                PersistenceYaml.Entry.named(PersistenceMethods.JSESSIONID));
    }

    /** An entry of {@code backends}. */
    static final class Backend {
        @NotNull(message = "is required") String route;
        @NotNull(message = "is required") String url;
        @Within(min = 0, max = Node.MAX_WEIGHT, unit = "weight") int weight = 1;
        String state = "active";
        boolean backup;
    }
}
