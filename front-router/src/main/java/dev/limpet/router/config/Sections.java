package dev.limpet.router.config;

import dev.limpet.router.config.Constraints.Within;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;

/**
 * The bound sections of the router's YAML ({@link RouterYaml}) whose keys are not the components of a public
 * record: what the router builds from them reads a file or the environment, or gathers keys of several sections.
 * One record a mapping, each component named as its key, with its {@link Default}. Immutable.
 */
final class Sections {

    private Sections() {
    }

    /** {@code tunnel} (part of {@link EdgeConfig}). */
    record Tunnel(
            @Default("true") boolean enabled,
            @Within(min = 1, max = 86_400_000, unit = "ms") @Default("3600000") long idleTimeoutMillis,
            @Within(min = 1024, max = 1_048_576, unit = "bytes") @Default("16384") int bufferBytes) {
    }

    /** {@code drain} (part of {@link OperationsConfig}); older names are rewritten by {@link LegacyKeys}. */
    record Drain(
            @Within(min = 1, max = 31_536_000, unit = "s") @Default("1800") long idleSeconds,
            @Within(min = 1, max = 100_000_000, unit = "sessions") @Default("100000") long maxTrackedSessions) {
    }

    /** {@code admin} ({@link AdminConfig}, which holds the token read). */
    record Admin(
            @Default("127.0.0.1:9090") String listen,
            @Default("false") boolean allowRemote,
            String tokenFile,
            String tokenEnv,
            @Default("false") boolean authenticateReads) {
    }

    /** {@code accessLog} ({@link AccessLogConfig}). */
    record AccessLog(
            Path file,
            @Default("false") boolean stdout,
            @Pattern(regexp = "text|json", message = "must be text or json") @Default("text") String format) {
    }

    /** {@code tls} ({@link TlsConfig}, which holds the password read). */
    record Tls(
            @NotNull(message = "is required") Path keyStoreFile,
            @Default("PKCS12") String keyStoreType,
            String keyStorePasswordEnv,
            String keyStorePasswordFile,
            String defaultAlias) {
    }

    /** {@code backendTls} ({@link BackendTlsConfig}, which holds the passwords read). */
    record BackendTls(
            Path trustStoreFile,
            @Default("PKCS12") String trustStoreType,
            String trustStorePasswordEnv,
            String trustStorePasswordFile,
            Path keyStoreFile,
            @Default("PKCS12") String keyStoreType,
            String keyStorePasswordEnv,
            String keyStorePasswordFile,
            @Default("true") boolean hostnameVerification) {
    }
}
