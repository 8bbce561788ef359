package dev.limpet.core.store;

import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.core.store.spi.StoredVersion;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The session store of one application: load, save, touch and delete sessions by route-less session id
 * (docs/architecture.md §4). Public methods validate, time, count and log, then call the byte-level {@link StoreBackend}
 * chosen by URI scheme; blobs are sealed with {@link BlobEnvelope} and attributes read back with
 * {@link SessionSerializer} (both by {@code SealedEntries}).
 *
 * <p><b>Keys</b>: {@code "limpet:" + namespace + ":" + sessionId}; the namespace separates applications,
 * the MAC binds a blob to its key. A requested session id is untrusted: one that is not 1..128 characters of
 * {@code [A-Za-z0-9_-]} never reaches a key ({@link SessionIds}).
 *
 * <p><b>Failures</b>: absent is an empty result; an entry that must not be used is reported as
 * {@link UnreadableSessionException} (give the user a fresh session). One that fails the format, the MAC or the
 * class filter is deleted: tampered or poisoned. One signed with a key id this node does not know yet, or whose
 * (MAC-verified) attributes name a class this node cannot load, is left in place: during a rolling key rotation
 * or application deploy another node can still read it. An unreachable store is
 * {@link StoreUnavailableException}, raised within the operation timeout; a lost optimistic-versioning race
 * is {@link VersionConflictException}.
 *
 * <p>Thread-safe. Close it when the application stops; it closes its backend.
 */
public final class SessionStore implements AutoCloseable {

    /** {@code expectedVersion} of {@link #save}: write whatever is stored (a logout's tombstone). */
    public static final long ANY_VERSION = StoreBackend.ANY_VERSION;
    /** {@code expectedVersion} of {@link #save}: create only; conflict if the session exists. */
    public static final long NEW_ONLY = StoreBackend.NEW_ONLY;
    /** Time to live of sessions that never expire ({@code maxInactiveSeconds <= 0}), seconds: 30 days. */
    public static final int MAX_TTL_SECONDS = 30 * 24 * 3600;

    private static final System.Logger LOG = System.getLogger(SessionStore.class.getName());

    private final StoreBackend backend;
    private final String namespace;
    private final String keyPrefix;
    private final StoreStats stats = new StoreStats();
    private final SealedEntries entries;
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    private SessionStore(StoreBackend backend, String namespace, KeyRing keyRing, SessionSerializer serializer) {
        if (!SessionIds.isValidNamespace(namespace)) {
            throw new IllegalArgumentException("namespace must be 1..64 characters of [A-Za-z0-9_./-]");
        }
        this.backend = Objects.requireNonNull(backend, "backend");
        this.namespace = namespace;
        this.keyPrefix = "limpet:" + namespace + ":";
        this.entries = new SealedEntries(backend, namespace, keyRing, Objects.requireNonNull(serializer, "serializer"),
                stats);
    }

    /**
     * Opens the store named by {@code options.storeUri()}, finding its provider with {@link java.util.ServiceLoader}
     * on the class loader of this class.
     *
     * @param options    URI, operation timeout, data source, provider properties
     * @param namespace  the application's key namespace, 1..64 characters of {@code [A-Za-z0-9_./-]}
     * @param keyRing    the {@link dev.limpet.core.keys.KeyPurpose#SESSION_BLOB} key ring
     * @param serializer reads attributes with the webapp class loader and the class filter
     * @return the open store
     * @throws StoreException           if no provider supports the URI or the provider cannot open it
     * @throws IllegalArgumentException if the namespace or key ring is invalid
     */
    public static SessionStore open(StoreOptions options, String namespace, KeyRing keyRing,
                                    SessionSerializer serializer) throws StoreException {
        return open(options, namespace, keyRing, serializer, SessionStore.class.getClassLoader());
    }

    /**
     * As {@link #open(StoreOptions, String, KeyRing, SessionSerializer)}, looking for providers on
     * {@code providerLoader}.
     *
     * @param options        URI and settings
     * @param namespace      the application's key namespace
     * @param keyRing        the session-blob key ring
     * @param serializer     the attribute serializer
     * @param providerLoader where the store modules' jars are
     * @return the open store
     * @throws StoreException if no provider supports the URI or the provider cannot open it
     */
    public static SessionStore open(StoreOptions options, String namespace, KeyRing keyRing,
                                    SessionSerializer serializer, ClassLoader providerLoader) throws StoreException {
        StoreBackend backend = StoreProviders.open(options, providerLoader);
        try {
            SessionStore store = new SessionStore(backend, namespace, keyRing, serializer);
            LOG.log(Level.INFO, "opened session store [{0}] for namespace [{1}]", options.redactedStoreUri(), namespace);
            return store;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * Wraps an already open backend (tests, benchmarks, embedding). The store owns it and closes it.
     *
     * @param backend    the byte-level store
     * @param namespace  the application's key namespace
     * @param keyRing    the session-blob key ring
     * @param serializer the attribute serializer
     * @return the store
     */
    public static SessionStore of(StoreBackend backend, String namespace, KeyRing keyRing, SessionSerializer serializer) {
        return new SessionStore(backend, namespace, keyRing, serializer);
    }

    /**
     * Loads a session for takeover or non-sticky use.
     *
     * @param sessionId the route-less requested session id: untrusted; an invalid one is absent
     * @return the verified, deserialized session; empty if absent, expired or the id is invalid
     * @throws UnreadableSessionException if an entry exists but must not be used; deleted when tampered or
     *                                     poisoned (see the class comment)
     * @throws StoreUnavailableException  if the store did not answer within the operation timeout
     */
    public Optional<StoredSession> load(String sessionId) throws UnreadableSessionException, StoreUnavailableException {
        if (!SessionIds.isValidSessionId(sessionId)) {
            stats.countInvalidId();
            LOG.log(Level.DEBUG, "ignoring invalid requested session id [{0}]", SessionIds.logHint(sessionId));
            return Optional.empty();
        }
        String key = key(sessionId);
        long start = System.nanoTime();
        Optional<StoredBlob> found;
        try {
            found = backend.get(key);
        } catch (StoreUnavailableException | RuntimeException e) {
            throw unavailable("load", e);
        }
        markReachable();
        stats.countLoad(found.isPresent(), found.map(b -> b.blob().length).orElse(0), System.nanoTime() - start);
        if (found.isEmpty() || found.get().blob().length == 0) {
            return Optional.empty(); // absent, or a tombstone: the session ended
        }
        return Optional.of(entries.open(sessionId, key, found.get()));
    }

    /**
     * Saves a session: metadata and attribute bytes, sealed, with a time to live of its
     * {@code maxInactiveSeconds} ({@link #MAX_TTL_SECONDS} if 0 or negative).
     *
     * @param sessionId            the route-less session id
     * @param metadata             times, idle timeout, route of this node
     * @param serializedAttributes bytes from {@link SessionSerializer#serialize} of this store's serializer
     * @param expectedVersion      the version the session was loaded or last saved with, {@link #NEW_ONLY} for a
     *                             new session, or {@link #ANY_VERSION} to overwrite unconditionally
     * @return the new version: pass it to the next save
     * @throws IllegalArgumentException  if the session id is invalid or {@code expectedVersion < -1}
     * @throws VersionConflictException  if the stored version is not {@code expectedVersion}; nothing was written
     * @throws StoreUnavailableException if the store did not answer within the operation timeout
     */
    public long save(String sessionId, SessionMetadata metadata, byte[] serializedAttributes, long expectedVersion)
            throws VersionConflictException, StoreUnavailableException {
        requireValidId(sessionId);
        if (expectedVersion < ANY_VERSION) {
            throw new IllegalArgumentException("expectedVersion must be -1 (any), 0 (new) or a loaded version");
        }
        String key = key(sessionId);
        byte[] blob = entries.seal(key, metadata, serializedAttributes);
        long start = System.nanoTime();
        try {
            long version = backend.put(key, blob, expectedVersion, ttlMillis(metadata.maxInactiveSeconds()));
            markReachable();
            stats.countSave(blob.length, System.nanoTime() - start);
            return version;
        } catch (VersionConflictException e) {
            stats.countConflict();
            LOG.log(Level.DEBUG, "version conflict saving session [{0}] based on version [{1}]",
                    SessionIds.logHint(sessionId), expectedVersion);
            throw e;
        } catch (StoreUnavailableException | RuntimeException e) {
            throw unavailable("save", e);
        }
    }

    /**
     * Reads only the version of a stored session (one small read; see {@link StoreBackend#version}): whether a
     * local copy loaded or written at some version is still the latest.
     *
     * @param sessionId the route-less session id; an invalid one is absent
     * @return the stored version and whether it is a tombstone; empty if absent, expired or the id is invalid
     * @throws StoreUnavailableException if the store did not answer within the operation timeout
     */
    public Optional<StoredVersion> version(String sessionId) throws StoreUnavailableException {
        return version(sessionId, NEW_ONLY);
    }

    /**
     * As {@link #version(String)}, for a node that holds a copy of the session at {@code knownVersion}: the one to
     * compare a local copy with the store. A backend that keeps copies of one write under different versions
     * (memcached after a failover to its backup copy) reports {@code knownVersion} when the stored entry is a copy
     * of this node's write at that version ({@link StoreBackend#version(String, long)}).
     *
     * @param sessionId    the route-less session id; an invalid one is absent
     * @param knownVersion the version this node last loaded or wrote; {@link #NEW_ONLY} if none
     * @return the stored version and whether it is a tombstone; empty if absent, expired or the id is invalid
     * @throws StoreUnavailableException if the store did not answer within the operation timeout
     */
    public Optional<StoredVersion> version(String sessionId, long knownVersion) throws StoreUnavailableException {
        if (!SessionIds.isValidSessionId(sessionId)) {
            stats.countInvalidId();
            return Optional.empty();
        }
        try {
            Optional<StoredVersion> found = knownVersion > 0 ? backend.version(key(sessionId), knownVersion)
                    : backend.version(key(sessionId));
            markReachable();
            stats.countVersionRead();
            return found;
        } catch (StoreUnavailableException | RuntimeException e) {
            throw unavailable("version", e);
        }
    }

    /**
     * Ends a session in the store for every node: replaces it by a <b>tombstone</b>, an entry with an empty blob
     * (nothing to seal: it carries no data, and whoever can write the store can delete anyway). {@link #load}
     * reports a tombstone as absent; a versioned {@link #save} based on an older version, or a
     * {@link #NEW_ONLY} one, conflicts with it, so no node holding an old copy writes the session back.
     *
     * @param sessionId       the route-less session id; an invalid one is ignored
     * @param expectedVersion the version this node last loaded or wrote, or {@link #ANY_VERSION} (a logout wins
     *                        over any other node's copy)
     * @param ttlSeconds      how long the tombstone lives, seconds, at least 1
     * @throws VersionConflictException  if the stored version is not {@code expectedVersion}; nothing was written
     * @throws StoreUnavailableException if the store did not answer within the operation timeout
     */
    public void tombstone(String sessionId, long expectedVersion, int ttlSeconds)
            throws VersionConflictException, StoreUnavailableException {
        if (!SessionIds.isValidSessionId(sessionId)) {
            stats.countInvalidId();
            return;
        }
        try {
            backend.put(key(sessionId), new byte[0], expectedVersion, Math.max(1, ttlSeconds) * 1000L);
            markReachable();
            stats.countTombstone();
        } catch (VersionConflictException e) {
            stats.countConflict();
            throw e;
        } catch (StoreUnavailableException | RuntimeException e) {
            throw unavailable("tombstone", e);
        }
    }

    /**
     * Refreshes a session's expiry without rewriting it (an unchanged session after a request).
     *
     * @param sessionId          the route-less session id; an invalid one is absent
     * @param maxInactiveSeconds the new time to live, seconds ({@link #MAX_TTL_SECONDS} if 0 or negative)
     * @return {@code false} if the session is absent (expired, deleted, never saved) or the id is invalid
     * @throws StoreUnavailableException if the store did not answer within the operation timeout
     */
    public boolean touch(String sessionId, int maxInactiveSeconds) throws StoreUnavailableException {
        if (!SessionIds.isValidSessionId(sessionId)) {
            stats.countInvalidId();
            return false;
        }
        long start = System.nanoTime();
        try {
            boolean found = backend.touch(key(sessionId), ttlMillis(maxInactiveSeconds));
            markReachable();
            stats.countTouch(found, System.nanoTime() - start);
            return found;
        } catch (StoreUnavailableException | RuntimeException e) {
            throw unavailable("touch", e);
        }
    }

    /**
     * Deletes a session (invalidated, expired locally, or unreadable). Absent sessions and invalid ids are
     * ignored.
     *
     * @param sessionId the route-less session id
     * @throws StoreUnavailableException if the store did not answer within the operation timeout
     */
    public void delete(String sessionId) throws StoreUnavailableException {
        if (!SessionIds.isValidSessionId(sessionId)) {
            stats.countInvalidId();
            return;
        }
        try {
            backend.remove(key(sessionId));
            markReachable();
            stats.countDelete();
        } catch (StoreUnavailableException | RuntimeException e) {
            throw unavailable("delete", e);
        }
    }

    /** @return the counters of this store */
    public StoreStats stats() {
        return stats;
    }

    /** @return the serializer this store reads attributes with */
    public SessionSerializer serializer() {
        return entries.serializer();
    }

    /** @return the application's key namespace */
    public String namespace() {
        return namespace;
    }

    /**
     * @param sessionId a valid route-less session id
     * @return the backend key it is stored under: {@code "limpet:" + namespace + ":" + sessionId}
     * @throws IllegalArgumentException if the id is invalid
     */
    public String key(String sessionId) {
        requireValidId(sessionId);
        return keyPrefix + sessionId;
    }

    /** Closes the backend. Idempotent. */
    @Override
    public void close() {
        backend.close();
    }

    private StoreUnavailableException unavailable(String operation, Exception e) {
        stats.countError();
        if (reachable.compareAndSet(true, false)) {
            LOG.log(Level.WARNING, "session store of namespace [" + namespace + "] unavailable during [" + operation + "]", e);
        } else {
            LOG.log(Level.DEBUG, "session store of namespace [{0}] still unavailable during [{1}]: {2}",
                    namespace, operation, e.toString());
        }
        if (e instanceof StoreUnavailableException unavailable) {
            return unavailable;
        }
        return new StoreUnavailableException("store backend failed during [" + operation + "]: " + e, e);
    }

    private void markReachable() {
        if (!reachable.get() && reachable.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "session store of namespace [{0}] reachable again", namespace);
        }
    }

    private static void requireValidId(String sessionId) {
        if (!SessionIds.isValidSessionId(sessionId)) {
            throw new IllegalArgumentException("invalid session id [" + SessionIds.logHint(sessionId)
                    + "]: must be 1.." + SessionIds.MAX_SESSION_ID_LENGTH + " characters of [A-Za-z0-9_-]");
        }
    }

    static long ttlMillis(int maxInactiveSeconds) {
        int seconds = maxInactiveSeconds <= 0 ? MAX_TTL_SECONDS : Math.min(maxInactiveSeconds, MAX_TTL_SECONDS);
        return seconds * 1000L;
    }
}
