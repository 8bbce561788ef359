package dev.limpet.core.store.spi;

import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import java.util.Optional;

/**
 * The narrow byte-level seam a store client implements (Redis, Memcached, JDBC, memory). Keys arrive already
 * validated and namespaced; values arrive already sealed. Session semantics, envelope and deserialization
 * live above it, in {@code dev.limpet.core.store.SessionStore} — providers stay small (docs/architecture.md §5,
 * modelled on Jetty's {@code SessionDataMap}).
 *
 * <p>Every method must return or fail within the configured operation timeout and must throw
 * {@link StoreUnavailableException} (never return {@code null} or empty) when the server cannot be reached.
 * Implementations are thread-safe.
 */
public interface StoreBackend extends AutoCloseable {

    /** Version argument of {@link #put}: write unconditionally (sticky backups). */
    long ANY_VERSION = -1;
    /** Version argument of {@link #put}: create only; conflict if the key exists. */
    long NEW_ONLY = 0;

    /**
     * @param key the namespaced key (ASCII, at most 250 bytes)
     * @return the blob and its version, or empty if absent or expired
     * @throws StoreUnavailableException if the store cannot be reached in time
     */
    Optional<StoredBlob> get(String key) throws StoreUnavailableException;

    /**
     * Reads only the version of an entry, not its blob: the cheap check a node makes before it trusts a local copy
     * of a session that may have moved (Redis {@code GETRANGE 0 8}, a JDBC {@code SELECT version}; memcached has no
     * value-less read in its text protocol as xmemcached speaks it, so its {@code gets} transfers the blob).
     * An entry with an empty blob is a tombstone ({@link StoredVersion#tombstone()}).
     *
     * @param key the namespaced key
     * @return the version, or empty if absent or expired
     * @throws StoreUnavailableException if the store cannot be reached in time
     */
    Optional<StoredVersion> version(String key) throws StoreUnavailableException;

    /**
     * As {@link #version(String)}, for a caller that holds {@code knownVersion} (the version its last {@link #put}
     * returned, or its last read): a backend whose copies of one write carry different versions on different servers
     * (memcached's per-server CAS uniques, after a failover to the backup copy) reports {@code knownVersion} when the
     * entry it finds is a copy of that caller's write, so that the caller does not take its own write for another
     * writer's. Every other backend has one version per write: the default is {@link #version(String)}.
     *
     * @param key          the namespaced key
     * @param knownVersion the version the caller holds; {@link #NEW_ONLY} if none
     * @return the version, or empty if absent or expired
     * @throws StoreUnavailableException if the store cannot be reached in time
     */
    default Optional<StoredVersion> version(String key, long knownVersion) throws StoreUnavailableException {
        return version(key);
    }

    /**
     * Stores a blob with an expiry, atomically checking the version.
     *
     * @param key             the namespaced key
     * @param blob            the sealed bytes; empty for a tombstone
     * @param expectedVersion {@link #ANY_VERSION}, {@link #NEW_ONLY}, or the version the caller loaded
     * @param ttlMillis       time to live from now, milliseconds, at least 1000
     * @return the new version
     * @throws VersionConflictException  if the stored version is not {@code expectedVersion} (a backend with
     *                                   per-server versions also accepts a copy of the caller's own write at
     *                                   {@code expectedVersion}, as {@link #version(String, long)} reports it)
     * @throws StoreUnavailableException if the store cannot be reached in time
     */
    long put(String key, byte[] blob, long expectedVersion, long ttlMillis)
            throws VersionConflictException, StoreUnavailableException;

    /**
     * Refreshes the expiry without rewriting the value (memcached {@code touch}, Redis {@code PEXPIRE}, a
     * throttled JDBC update).
     *
     * @param key       the namespaced key
     * @param ttlMillis new time to live from now, milliseconds
     * @return {@code false} if the key is absent
     * @throws StoreUnavailableException if the store cannot be reached in time
     */
    boolean touch(String key, long ttlMillis) throws StoreUnavailableException;

    /**
     * @param key the namespaced key; absent keys are ignored
     * @throws StoreUnavailableException if the store cannot be reached in time
     */
    void remove(String key) throws StoreUnavailableException;

    /** Releases connections and threads. Idempotent. */
    @Override
    void close();
}
