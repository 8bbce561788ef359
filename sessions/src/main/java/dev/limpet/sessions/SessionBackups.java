package dev.limpet.sessions;

import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.route.SessionIdParts;
import dev.limpet.core.store.AttributesHash;
import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import java.io.IOException;

/**
 * What sessions look like to the store: the write-avoidance stages of {@link WriteDecision} and the serialized
 * {@link Snapshot}; the non-sticky save (synchronous, versioned) and expiry refresh ({@link ExpiryRefresh});
 * deletes; backup failures, counted and logged once per session and cause. Sticky writes are
 * {@link StickyWrites}'. Thread-safe.
 */
public final class SessionBackups {

    /** A serialized session state. */
    public record Snapshot(String storeId, SessionMetadata metadata, byte[] bytes, AttributesHash hash) {
    }

    private final SessionStore store;
    private final BackupQueue queue;
    private final SessionCounters counters;
    private final String route;
    private final RouteCodec routeCodec;
    private final System.Logger log;

    /**
     * @param store      the store
     * @param queue      the backup queue (asynchronous deletes)
     * @param counters   where decisions and failures are counted
     * @param route      this node's route, written into the metadata as the last writer ({@code null}: none)
     * @param routeCodec how a session id carries its route ({@code base.route}, as Tomcat's jvmRoute)
     * @param log        where backup failures are logged
     */
    public SessionBackups(SessionStore store, BackupQueue queue, SessionCounters counters, String route,
                   RouteCodec routeCodec, System.Logger log) {
        this.store = store;
        this.queue = queue;
        this.counters = counters;
        this.route = route == null ? "" : route;
        this.routeCodec = routeCodec;
        this.log = log;
    }

    /**
     * @param sessionId a session id, with or without route
     * @return the store key id: the id without its route
     */
    public String storeId(String sessionId) {
        return routeCodec.parse(sessionId).map(SessionIdParts::id).orElse(sessionId);
    }

    /**
     * Non-sticky mode, end of a request: a changed session is saved now, versioned; an unchanged one touched.
     * Requests of this node sharing the local copy save one after another; a copy that lost a race is marked
     * so that no request still holding it can save it.
     *
     * @param session the session the request used
     * @throws VersionConflictException  if another node saved the session since it was loaded; nothing written
     * @throws StoreUnavailableException if the store did not answer
     */
    public void saveAfterRequest(SharedSession session) throws VersionConflictException, StoreUnavailableException {
        synchronized (session) {
            if (session.backup().isConflicted()) {
                throw new VersionConflictException("this copy of the session lost a version race",
                        session.backup().storedVersion());
            }
            try {
                saveOrTouch(session);
            } catch (VersionConflictException e) {
                session.backup().conflicted();
                throw e;
            }
        }
    }

    /** Under the session's monitor: requests of this node sharing the copy save one after another. */
    private void saveOrTouch(SharedSession session) throws VersionConflictException, StoreUnavailableException {
        Snapshot snapshot = decide(session);
        long now = System.currentTimeMillis();
        if (snapshot == null) {
            if (ExpiryRefresh.touchDue(session.backup().lastStoreRefreshMillis(), now, session.maxInactiveSeconds())) {
                counters.countTouch();
                touchOrRewrite(session);
            }
            return;
        }
        long expected = session.backup().storedHash() == null && session.backup().storedVersion() <= 0
                ? SessionStore.NEW_ONLY : session.backup().storedVersion();
        long version = store.save(snapshot.storeId(), snapshot.metadata(), snapshot.bytes(), expected);
        session.backup().handedToStore(snapshot.hash());
        session.backup().stored(version, now);
    }

    /** @return the snapshot to write, or {@code null} when a stage says the write can be skipped (counted) */
    public Snapshot decide(SharedSession session) {
        WriteDecision early = WriteDecision.withoutHashing(session.backup().attributesAccessed(), session.backup().metadataChanged(),
                session.backup().storedHash());
        if (early != null) {
            counters.count(early);
            session.backup().clearChangeFlags(session.activeRequests());
            return null;
        }
        boolean metadataChanged = session.backup().metadataChanged();
        session.backup().clearChangeFlags(session.activeRequests());
        try {
            Snapshot snapshot = snapshot(session, WriteDecision.unchangedIf(session.backup().storedHash(), metadataChanged));
            counters.count(snapshot == null ? WriteDecision.SKIP_UNCHANGED : WriteDecision.WRITE);
            return snapshot;
        } catch (IOException | RuntimeException e) {
            unserializable(session, e);
            return null;
        }
    }

    /** @return the serialized state, or {@code null} if an attribute failed to serialize (counted, logged) */
    public Snapshot snapshot(SharedSession session) {
        try {
            return snapshot(session, null);
        } catch (IOException | RuntimeException e) {
            unserializable(session, e);
            return null;
        }
    }

    /**
     * @param unchangedIf a hash, or {@code null}
     * @return the serialized state, or {@code null} if its attributes hash to {@code unchangedIf} (then neither
     *         the bytes nor the store id and metadata are built)
     */
    private Snapshot snapshot(SharedSession session, AttributesHash unchangedIf) throws IOException {
        SessionSerializer.Serialized serialized = store.serializer()
                .serializeUnlessUnchanged(session.attributesToStore(), unchangedIf);
        if (serialized == null) {
            return null;
        }
        SessionMetadata metadata = new SessionMetadata(session.creationTimeMillis(),
                session.lastAccessedTimeMillis(), session.maxInactiveSeconds(), route);
        return new Snapshot(storeId(session.id()), metadata, serialized.bytes(), serialized.hash());
    }

    private void unserializable(SharedSession session, Exception e) {
        String detail = UnserializableAttributes.first(session.attributesToStore(), store.serializer())
                .map(bad -> "attribute [" + bad.getKey() + "] does not serialize: " + bad.getValue())
                .orElse("its attributes do not serialize: " + e);
        failed(session, BackupFailure.UNSERIALIZABLE, detail + "; the store keeps the last good copy");
    }

    /**
     * Counts a backup failure and logs it once per session and cause.
     *
     * @param session the session whose backup failed
     * @param cause   why
     * @param detail  what to log (attribute name, store message), never attribute values
     */
    public void failed(SharedSession session, BackupFailure cause, String detail) {
        counters.countBackupFailure(cause);
        if (session.backup().firstFailure(cause)) {
            log.log(System.Logger.Level.WARNING, "Session [" + SessionIds.logHint(session.id()) + "] not backed up (" + cause.label()
                    + "): " + detail + " (counted as backupFailures; logged once per session and cause)");
        }
    }

    /** Touches; if the store lost the session (evicted, restarted empty), writes it in full. */
    private void touchOrRewrite(SharedSession session) throws StoreUnavailableException {
        long now = System.currentTimeMillis();
        String storeId = storeId(session.id());
        if (store.touch(storeId, ExpiryRefresh.touchTtlSeconds(session.maxInactiveSeconds()))) {
            session.backup().refreshed(now);
            return;
        }
        Snapshot snapshot = snapshot(session);
        if (snapshot != null && session.live()) {
            try {
                session.backup().stored(store.save(storeId, snapshot.metadata(), snapshot.bytes(), SessionStore.ANY_VERSION), now);
                session.backup().handedToStore(snapshot.hash());
            } catch (VersionConflictException e) {
                throw new IllegalStateException("unconditional save reported a conflict", e);
            }
        }
    }

    /**
     * Deletes a session from the store: asynchronously (sticky; replaces a waiting backup) or now.
     *
     * @param sessionId   the session id, with or without route
     * @param synchronous whether to delete now (non-sticky)
     */
    public void delete(String sessionId, boolean synchronous) {
        String storeId = storeId(sessionId);
        Job job = new Job(storeId, false) {
            @Override
            public void run() throws StoreUnavailableException {
                store.delete(storeId);
            }
        };
        if (!synchronous) {
            queue.submit(job);
            return;
        }
        try {
            job.run();
        } catch (StoreUnavailableException e) {
            counters.countStoreError();
            log.log(System.Logger.Level.WARNING, "Session [" + SessionIds.logHint(sessionId) + "] invalidated but not deleted from the store"
                    + " (it expires there by its time to live): " + e.getMessage());
        }
    }

    /** A unit of store work of one session for the {@link BackupQueue}. */
    public abstract static class Job implements BackupQueue.Job {
        private final String storeId;
        private final boolean touch;

        /**
         * @param storeId the session's store id
         * @param touch   whether the job only refreshes the expiry (dropped first when the queue is full)
         */
        protected Job(String storeId, boolean touch) {
            this.storeId = storeId;
            this.touch = touch;
        }

        @Override
        public String sessionId() {
            return storeId;
        }

        @Override
        public boolean isTouch() {
            return touch;
        }
    }
}
