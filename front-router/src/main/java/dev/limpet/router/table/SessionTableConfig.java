package dev.limpet.router.table;

import dev.limpet.router.config.Constraints.Within;
import dev.limpet.router.config.Default;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the session table ({@code sessionTable} in the router YAML; HAProxy's {@code stick-table ... size
 * ... expire}). Every key is documented in {@code docs/router.md}, and bound key by key (each component is the key
 * of its name, with its {@link Default}). Immutable and thread-safe.
 *
 * @param maxEntries         most entries held locally, 1000..100000000 (least recently used entries
 *                           are evicted first)
 * @param idleTimeoutSeconds an entry not read or written for this long is dropped, 1..31536000 s;
 *                           also the TTL of shared entries in Redis
 * @param maxKeyLength       learned values (cookie values, header values) longer than this are neither learned nor
 *                           looked up, 16..8192 characters
 * @param redis              the optional Redis sharing, or {@code null} for a purely local table
 */
public record SessionTableConfig(
        @Within(min = 1000, max = 100_000_000, unit = "entries") @Default("" + DEFAULT_MAX_ENTRIES) long maxEntries,
        @Within(min = 1, max = 31_536_000, unit = "s") @Default("" + DEFAULT_IDLE_TIMEOUT_SECONDS)
        long idleTimeoutSeconds,
        @Within(min = 16, max = 8192, unit = "characters") @Default("" + DEFAULT_MAX_KEY_LENGTH) int maxKeyLength,
        @Valid RedisConfig redis) {

    /** Default maximum size: one million entries. */
    public static final long DEFAULT_MAX_ENTRIES = 1_000_000;
    /** Default idle timeout: 30 minutes, the servlet default session timeout. */
    public static final long DEFAULT_IDLE_TIMEOUT_SECONDS = 1800;
    /** Default longest learned value. */
    public static final int DEFAULT_MAX_KEY_LENGTH = 512;

    /** @return the defaults: one million entries, 30 min idle, 512-character values, no Redis */
    public static SessionTableConfig defaults() {
        return new SessionTableConfig(DEFAULT_MAX_ENTRIES, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_MAX_KEY_LENGTH, null);
    }

    /**
     * Redis sharing of the session table ({@code sessionTable.redis}): several routers agree on pins and a
     * restarted router keeps them.
     *
     * @param uri               {@code redis://[user:password@]host[:port][/db]} (or {@code rediss://} for TLS)
     * @param keyPrefix         prefix of every Redis key
     * @param readTimeoutMillis longest wait for a read-through on a local miss (connect and read), 1..5000 ms
     * @param writeQueueSize    pending write-behind operations before new ones are dropped (counted),
     *                          1..1000000
     */
    public record RedisConfig(
            @NotNull(message = "is required") String uri,
            @Default("limpet:pin:") String keyPrefix,
            @Within(min = 1, max = 5000, unit = "ms") @Default("50") int readTimeoutMillis,
            @Within(min = 1, max = 1_000_000, unit = "operations") @Default("65536") int writeQueueSize) {
    }
}
