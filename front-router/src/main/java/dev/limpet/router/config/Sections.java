package dev.limpet.router.config;

import dev.limpet.router.config.Constraints.OneOf;
import dev.limpet.router.config.Constraints.Token;
import dev.limpet.router.config.Constraints.Within;
import dev.limpet.router.table.SessionTableConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The bound sections of the router's YAML ({@link RouterYaml}), one nested class a mapping, each field named as its
 * key and holding its default. Mutable and not thread-safe: one instance per parse.
 */
final class Sections {

    private static final String DNS_NAME = "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
            + "[A-Za-z0-9])?)*\\.?";
    private static final String KUBE_NAME = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final String KUBE_MESSAGE = "must be a Kubernetes name (RFC 1123 label)";

    private Sections() {
    }

    /** {@code routerCookie}: the router-inserted cookie ({@link RouterCookieConfig}). */
    static final class RouterCookie {
        @Token(message = Constraints.COOKIE_NAME) String name = "LIMPET";
        @Within(min = 60, max = 31_536_000, unit = "s") long lifetimeSeconds = 86_400;
        /** Another name of {@code lifetimeSeconds} (HAProxy {@code maxidle}). */
        @Within(min = 60, max = 31_536_000, unit = "s") Long maxIdleSeconds;
        @Within(min = 0, max = 315_360_000, unit = "s, 0 = unlimited") long maxLifeSeconds;
        @OneOf(value = {"Lax", "Strict", "None"}, message = "must be Lax, Strict or None") String sameSite = "Lax";
        boolean secure;
        boolean httpOnly = true;
        boolean partitioned;
        boolean hostPrefix;
        String domain;
        String path = "/";
        boolean cachePrivate = true;
    }

    /** {@code healthCheck} ({@link HealthCheckConfig}). */
    static final class HealthCheck {
        /** {@code null}: on, since the section is present. */
        Boolean enabled;
        String path = "/";
        @Within(min = 100, max = 3_600_000, unit = "ms") long intervalMillis = 2000;
        @Within(min = 50, max = 60_000, unit = "ms") long timeoutMillis = 1000;
        @Within(min = 1, max = 100, unit = "checks") int rise = 2;
        @Within(min = 1, max = 100, unit = "checks") int fall = 3;
    }

    /** {@code tunnel} (part of {@link EdgeConfig}). */
    static final class Tunnel {
        boolean enabled = true;
        @Within(min = 1, max = 86_400_000, unit = "ms") long idleTimeoutMillis = 3_600_000;
        @Within(min = 1024, max = 1_048_576, unit = "bytes") int bufferBytes = 16_384;
    }

    /** {@code lifecycle} ({@link LifecycleConfig}). */
    static final class Lifecycle {
        @Within(min = 0, max = 3_600_000, unit = "ms") long stopGraceMillis = 30_000;
        String stateFile;
    }

    /** {@code discovery} ({@link DiscoveryConfig}). */
    static final class Discovery {
        @Valid Dns dns;
        @Valid Kubernetes kubernetes;
    }

    /** {@code discovery.dns}. */
    static final class Dns {
        @NotNull(message = "is required") @Pattern(regexp = DNS_NAME, message = "must be a DNS name") String name;
        @Within(min = 1, max = 65_535, unit = "port") int port = 80;
        @Within(min = 1, max = 3600, unit = "s") long intervalSeconds = 10;
        /** {@code null}: the first label of {@code name}. */
        String routePrefix;
    }

    /** {@code discovery.kubernetes}. */
    static final class Kubernetes {
        @Pattern(regexp = KUBE_NAME, message = KUBE_MESSAGE) String namespace;
        @NotNull(message = "is required") @Pattern(regexp = KUBE_NAME, message = KUBE_MESSAGE) String service;
        String port;
    }

    /** {@code balance} ({@link BalanceConfig}). */
    static final class Balance {
        String algorithm = "round-robin";
        String hashKey = "source-ip";
        double boundedLoadFactor;
    }

    /** {@code drain} (part of {@link OperationsConfig}). */
    static final class Drain {
        @Within(min = 1, max = 31_536_000, unit = "s") long idleSeconds = 1800;
        @Within(min = 1, max = 100_000_000, unit = "sessions") long maxTrackedSessions = 100_000;
        /** Older name of {@code idleSeconds}. */
        @Within(min = 1, max = 31_536_000, unit = "s") Long cookieIdleSeconds;
        /** Older name of {@code maxTrackedSessions}. */
        @Within(min = 1, max = 100_000_000, unit = "sessions") Long maxTrackedCookies;
    }

    /** {@code admin} ({@link AdminConfig}). */
    static final class Admin {
        String listen = "127.0.0.1:9090";
        boolean allowRemote;
        String tokenFile;
        String tokenEnv;
        boolean authenticateReads;
    }

    /** {@code accessLog} ({@link AccessLogConfig}). */
    static final class AccessLog {
        String file;
        boolean stdout;
        @OneOf(value = {"text", "json"}, message = "must be text or json") String format = "text";
    }

    /** {@code sessionTable} ({@link SessionTableConfig}). */
    static final class SessionTable {
        @Within(min = 1000, max = 100_000_000, unit = "entries") long maxEntries = SessionTableConfig.DEFAULT_MAX_ENTRIES;
        @Within(min = 1, max = 31_536_000, unit = "s") long idleTimeoutSeconds
                = SessionTableConfig.DEFAULT_IDLE_TIMEOUT_SECONDS;
        @Within(min = 16, max = 8192, unit = "characters") int maxKeyLength = SessionTableConfig.DEFAULT_MAX_KEY_LENGTH;
        @Valid Redis redis;
    }

    /** {@code sessionTable.redis}. */
    static final class Redis {
        @NotNull(message = "is required") String uri;
        String keyPrefix = "limpet:pin:";
        @Within(min = 1, max = 5000, unit = "ms") int readTimeoutMillis = 50;
        @Within(min = 1, max = 1_000_000, unit = "operations") int writeQueueSize = 65_536;
    }

    /** {@code tls} ({@link TlsConfig}). */
    static final class Tls {
        @NotNull(message = "is required") String keyStoreFile;
        String keyStoreType = "PKCS12";
        String keyStorePasswordEnv;
        String keyStorePasswordFile;
        String defaultAlias;
    }

    /** {@code backendTls} ({@link BackendTlsConfig}). */
    static final class BackendTls {
        String trustStoreFile;
        String trustStoreType = "PKCS12";
        String trustStorePasswordEnv;
        String trustStorePasswordFile;
        String keyStoreFile;
        String keyStoreType = "PKCS12";
        String keyStorePasswordEnv;
        String keyStorePasswordFile;
        boolean hostnameVerification = true;
    }
}
