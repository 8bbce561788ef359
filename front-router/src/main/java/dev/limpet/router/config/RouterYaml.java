package dev.limpet.router.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.limpet.router.config.Constraints.Token;
import dev.limpet.router.config.Constraints.Within;
import dev.limpet.router.config.PersistenceYaml.Entry;
import dev.limpet.router.config.PersistenceYaml.EntryReader;
import dev.limpet.router.config.PersistenceYaml.PersistenceClass;
import dev.limpet.router.table.SessionTableConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The router's YAML as bound by Jackson: one component per top-level key, named as the key, with its
 * {@link Default}. A section is bound into the public record consumers use where its keys are that record's
 * components ({@link BackendConfig}, {@link RouterCookieConfig}, {@link HealthCheckConfig}, {@link SessionTableConfig},
 * {@link LifecycleConfig}, {@link DiscoveryConfig}, {@link BalanceConfig}), else into a record of {@link Sections}.
 * Constraints are Jakarta Bean Validation annotations; rules across keys, and everything that reads a file, are
 * checked by {@link RouterConfigParser}. A section that is {@code null} was absent. Immutable.
 */
record RouterYaml(
        @NotNull(message = "is required") String listen,
        String secretFile,
        String secretEnv,
        List<@Valid BackendConfig> backends,
        @JsonDeserialize(contentUsing = EntryReader.class) @Default("[backend-cookie, jsessionid]")
        List<@Valid Entry> persistence,
        @Default("rebalance") String onFailure,
        @Within(min = 200, max = 599, unit = "HTTP status") @Default("503") int sorryStatus,
        String sorryPage,
        List<@Valid PersistenceClass> classes,
        @Valid @Default("{}") SessionTableConfig sessionTable,
        @Valid Sections.Tls tls,
        @Valid @Default("{}") Sections.BackendTls backendTls,
        @Token(message = Constraints.COOKIE_NAME) @Default("X-Backend") String backendCookieName,
        @Token(message = Constraints.COOKIE_NAME) @Default("JSESSIONID") String sessionCookieName,
        @Default(".") String routeSeparator,
        @Valid @Default("{}") RouterCookieConfig routerCookie,
        @Valid HealthCheckConfig healthCheck,
        @Within(min = 1, max = 600_000, unit = "ms") @Default("2000") long connectTimeoutMillis,
        @Within(min = 1, max = 86_400_000, unit = "ms") @Default("60000") long backendIdleTimeoutMillis,
        @Within(min = 1, max = 86_400_000, unit = "ms") @Default("30000") long clientIdleTimeoutMillis,
        @Within(min = 0, max = 3_600_000, unit = "ms") @Default("10000") long passiveDownMillis,
        @Within(min = 0, max = 5, unit = "retries") @Default("1") int retries,
        @Default("[connect-failure, idempotent]") List<String> retryOn,
        @Within(min = 4, max = 10_000, unit = "threads") @Default("32") int maxThreads,
        @Within(min = 1, max = 100_000, unit = "connections") @Default("256") int maxConnectionsPerBackend,
        @Default("true") boolean forwardedHeaders,
        List<String> trustedProxies,
        @Default("false") boolean proxyProtocol,
        @Within(min = 0, max = 3_600_000, unit = "ms") @Default("10000") long requestHeaderTimeoutMillis,
        @Within(min = 0, max = 1L << 30, unit = "bytes/s") @Default("0") long minRequestBodyBytesPerSecond,
        @Within(min = 0, max = 1_000_000, unit = "connections") @Default("0") int maxConnectionsPerClient,
        @Default("false") boolean http2,
        @Valid @Default("{}") Sections.Tunnel tunnel,
        @Valid @Default("{}") LifecycleConfig lifecycle,
        @Valid DiscoveryConfig discovery,
        @Valid @Default("{}") BalanceConfig balance,
        @Valid @Default("{}") Sections.Drain drain,
        @Valid Sections.Admin admin,
        @Valid Sections.AccessLog accessLog,
        @Default("false") boolean routeHeader) {
}
