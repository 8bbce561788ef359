package dev.limpet.jetty;

import dev.limpet.core.store.AttributesHash;
import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.StoredSession;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.sessions.BackupQueue;
import dev.limpet.sessions.CircuitBreaker;
import dev.limpet.sessions.ExpiryRefresh;
import dev.limpet.sessions.SessionCounters;
import dev.limpet.sessions.StoreReads;
import dev.limpet.sessions.StoredCopy;
import dev.limpet.sessions.WriteDecision;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What this node knows of each session it holds: the version it last loaded or wrote, the hash of those
 * attributes, when the store's expiry was last set — and the store calls made with it, each conditional on that
 * version, so that one live copy exists per session (docs/architecture.md §4; the same rules as the Tomcat
 * manager's sticky mode). A store that does not answer, or whose circuit breaker is open, never fails a request:
 * reads give nothing, writes and tombstones are parked in the {@link BackupQueue} until it answers again.
 * Container-free apart from its caller; thread-safe.
 */
final class StickyCopies {

    private static final System.Logger LOG = System.getLogger(StickyCopies.class.getName());

    /** One session's state as a request left it: what a write stores. */
    record Snapshot(String id, SessionMetadata metadata, Map<String, Object> attributes) {
    }

    private record Known(long version, AttributesHash hash, int maxInactiveSeconds, long refreshedMillis,
                         boolean expiring) {
        Known refreshed(long now) {
            return new Known(version, hash, maxInactiveSeconds, now, expiring);
        }
    }

    private final SessionStore store;
    private final CircuitBreaker breaker;
    private final BackupQueue queue;
    private final SessionCounters counters;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final StoreReads reads;

    StickyCopies(SessionStore store, CircuitBreaker breaker, BackupQueue queue, SessionCounters counters) {
        this.store = store;
        this.breaker = breaker;
        this.queue = queue;
        this.counters = counters;
        this.reads = new StoreReads(store, breaker, counters, LOG);
    }

    /**
     * Loads a session this node does not hold and claims it for {@code route}: its state written back conditional
     * on the loaded version, so every other copy is stale. If another node claimed it at the same moment, the
     * winner's state is loaded instead.
     *
     * @return the session to use; empty if absent, ended, unreadable or the store is unreachable
     */
    Optional<StoredSession> loadAndClaim(String id, String route) {
        Optional<StoredSession> stored = read(id);
        if (stored.isEmpty()) {
            return stored;
        }
        try {
            claim(stored.get(), route);
            counters.countTakeover();
            return stored;
        } catch (VersionConflictException e) {
            counters.countConflict();
            LOG.log(Level.INFO, "session [{0}] was taken over by another node at the same time; loading its state",
                    SessionIds.logHint(id));
            Optional<StoredSession> again = read(id);
            again.ifPresent(s -> remember(id, s.version(), s.attributesHash(), s.metadata().maxInactiveSeconds()));
            return again;
        }
    }

    private Optional<StoredSession> read(String id) {
        return reads.read(id, false);
    }

    private void claim(StoredSession session, String route) throws VersionConflictException {
        String id = session.sessionId();
        SessionMetadata loaded = session.metadata();
        SessionMetadata mine = new SessionMetadata(loaded.creationTimeMillis(), loaded.lastAccessedTimeMillis(),
                loaded.maxInactiveSeconds(), route);
        remember(id, session.version(), session.attributesHash(), loaded.maxInactiveSeconds());
        try {
            byte[] bytes = store.serializer().serialize(session.attributes());
            long version = store.save(id, mine, bytes, session.version());
            breaker.recordSuccess();
            remember(id, version, session.attributesHash(), loaded.maxInactiveSeconds());
        } catch (StoreUnavailableException e) {
            failed(); // serve the loaded copy; its next write is conditional on the loaded version
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot serialize taken-over session [" + SessionIds.logHint(id) + "]", e);
        }
    }

    /**
     * After a request: writes the session if its attributes changed since the stored copy (or it is new, or its
     * idle timeout changed), else refreshes the store's expiry when due.
     *
     * @param snapshot  the session as the request left it
     * @param dropStale called with the id when another node wrote or ended the session since this node held it
     */
    void store(Snapshot snapshot, Consumer<String> dropStale) {
        String id = snapshot.id();
        Known k = known.get(id);
        boolean metadataChanged = k == null || k.maxInactiveSeconds() != snapshot.metadata().maxInactiveSeconds();
        SessionSerializer.Serialized serialized;
        try {
            serialized = store.serializer().serializeUnlessUnchanged(snapshot.attributes(),
                    WriteDecision.unchangedIf(k == null ? null : k.hash(), metadataChanged));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "session [" + SessionIds.logHint(id) + "] not backed up: an attribute cannot be"
                    + " serialized: " + e.getMessage());
            return;
        }
        if (serialized == null) {
            counters.count(WriteDecision.SKIP_UNCHANGED);
            refreshIfDue(snapshot, k, dropStale);
            return;
        }
        counters.count(WriteDecision.WRITE);
        write(snapshot.id(), snapshot.metadata(), serialized, dropStale);
    }

    private void write(String id, SessionMetadata metadata, SessionSerializer.Serialized serialized,
                       Consumer<String> dropStale) {
        BackupQueue.Job job = new Job(id, false, () -> save(id, metadata, serialized, dropStale));
        if (!breaker.allowCall()) {
            counters.countStoreError();
            queue.submit(job);
            return;
        }
        try {
            job.run();
            breaker.recordSuccess();
        } catch (StoreUnavailableException e) {
            failed();
            queue.submit(job); // written when the store is back; the node keeps serving its copy
        }
    }

    private void save(String id, SessionMetadata metadata, SessionSerializer.Serialized serialized,
                      Consumer<String> dropStale) throws StoreUnavailableException {
        Known k = known.get(id);
        long expected = k == null ? SessionStore.NEW_ONLY : k.version();
        try {
            try {
                remember(id, store.save(id, metadata, serialized.bytes(), expected), serialized.hash(),
                        metadata.maxInactiveSeconds());
            } catch (VersionConflictException e) {
                if (expected == SessionStore.NEW_ONLY || StoredCopy.of(expected, store.version(id, expected)) != StoredCopy.LOST) {
                    throw e;
                }
                // the store lost it (restarted empty, evicted): this node's copy is the only one, written anew
                remember(id, store.save(id, metadata, serialized.bytes(), SessionStore.NEW_ONLY), serialized.hash(),
                        metadata.maxInactiveSeconds());
            }
        } catch (VersionConflictException e) {
            counters.countConflict();
            LOG.log(Level.INFO, "session [{0}] was written or ended by another node since this node held it; not"
                    + " overwriting it, dropping this node's stale copy", SessionIds.logHint(id));
            dropStale.accept(id);
        }
    }

    private void refreshIfDue(Snapshot snapshot, Known k, Consumer<String> dropStale) {
        long now = System.currentTimeMillis();
        int maxInactive = snapshot.metadata().maxInactiveSeconds();
        if (k == null || !ExpiryRefresh.touchDue(k.refreshedMillis(), now, maxInactive)) {
            return;
        }
        Optional<StoredCopy> state = compare(snapshot.id());
        if (state.isEmpty()) {
            return;
        }
        switch (state.get()) {
            case CURRENT -> touch(snapshot.id(), maxInactive, now);
            case LOST -> {
                known.remove(snapshot.id()); // the store lost it: written again, as a new entry
                store(snapshot, dropStale);
            }
            default -> dropStale.accept(snapshot.id());
        }
    }

    private void touch(String id, int maxInactiveSeconds, long now) {
        try {
            store.touch(id, ExpiryRefresh.touchTtlSeconds(maxInactiveSeconds));
            breaker.recordSuccess();
            counters.countTouch();
            known.computeIfPresent(id, (i, k) -> k.refreshed(now));
        } catch (StoreUnavailableException e) {
            failed();
        }
    }

    /**
     * Ends a session in the store for every node (a tombstone). A logout wins over any copy; a session Jetty's
     * scavenger expired ({@link #expiring}) is ended only if the stored copy is still the one this node wrote.
     *
     * @return {@code true}
     */
    boolean end(String id) {
        Known k = known.remove(id);
        boolean expired = k != null && k.expiring();
        long expected = expired ? k.version() : SessionStore.ANY_VERSION;
        int ttl = k == null || k.maxInactiveSeconds() <= 0 ? SessionStore.MAX_TTL_SECONDS
                : k.maxInactiveSeconds() + ExpiryRefresh.intervalSeconds(k.maxInactiveSeconds());
        BackupQueue.Job job = new Job(id, false, () -> tombstone(id, expected, ttl));
        try {
            if (!breaker.allowCall()) {
                throw new StoreUnavailableException("circuit breaker open");
            }
            job.run();
            breaker.recordSuccess();
        } catch (StoreUnavailableException e) {
            failed();
            queue.submit(job); // the logout reaches the store when it is back
        }
        return true;
    }

    private void tombstone(String id, long expected, int ttlSeconds) throws StoreUnavailableException {
        try {
            store.tombstone(id, expected, ttlSeconds);
        } catch (VersionConflictException e) {
            counters.countConflict(); // expired here, but another node has written it since: it lives on there
        }
    }

    /** Marks a session Jetty's scavenger is about to expire on this node. */
    void expiring(String id) {
        known.computeIfPresent(id, (i, k) -> new Known(k.version(), k.hash(), k.maxInactiveSeconds(),
                k.refreshedMillis(), true));
    }

    /** @return whether a live (not ended) copy of the session is stored; {@code false} if the store is unreachable */
    boolean exists(String id) {
        if (!breaker.allowCall()) {
            return false;
        }
        try {
            boolean exists = store.version(id).map(v -> !v.tombstone()).orElse(false);
            breaker.recordSuccess();
            return exists;
        } catch (StoreUnavailableException e) {
            failed();
            return false;
        }
    }

    /**
     * @return how this node's copy compares with the store (one version-only read); empty if the store is
     *         unreachable (then the local copy is served: degraded, not failed)
     */
    Optional<StoredCopy> compare(String id) {
        if (!breaker.allowCall()) {
            counters.countStoreError();
            return Optional.empty();
        }
        Known k = known.get(id);
        try {
            long known = k == null ? 0 : k.version();
            StoredCopy state = StoredCopy.of(known, store.version(id, known));
            breaker.recordSuccess();
            return Optional.of(state);
        } catch (StoreUnavailableException e) {
            failed();
            return Optional.empty();
        }
    }

    /** @return whether this node loaded or wrote the session (and has not dropped it since) */
    boolean holds(String id) {
        return known.containsKey(id);
    }

    /** Forgets a session this node no longer holds. */
    void forget(String id) {
        known.remove(id);
    }

    private void remember(String id, long version, AttributesHash hash, int maxInactiveSeconds) {
        known.put(id, new Known(version, hash, maxInactiveSeconds, System.currentTimeMillis(), false));
    }

    private void failed() {
        breaker.recordFailure();
        counters.countStoreError();
    }

    /** A store call. */
    private interface StoreCall {
        void run() throws StoreUnavailableException;
    }

    /** A store call of one session as a job of the backup queue. */
    private record Job(String sessionId, boolean isTouch, StoreCall call) implements BackupQueue.Job {
        @Override
        public void run() throws StoreUnavailableException {
            call.run();
        }
    }
}
