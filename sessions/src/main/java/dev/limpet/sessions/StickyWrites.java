package dev.limpet.sessions;

import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;

/**
 * Sticky mode's store writes, each conditional on the version this node last loaded or wrote, so that one
 * live copy exists per session: a node whose copy another node has written since loses the race and drops its
 * copy (counted: {@code conflicts}, {@code staleCopiesDropped}) instead of overwriting the other node's changes.
 *
 * <ul>
 * <li>After a request that changed the session: written now ({@link BackupMode#SYNC}, before the response is
 *     committed) or handed to the {@link BackupQueue} ({@link BackupMode#ASYNC}). A store that does not answer
 *     parks the write in the queue, which writes it when the store is back.</li>
 * <li>A takeover <em>claims</em> the session: the loaded state is written back conditional on the loaded
 *     version, with this node's route, so every other copy becomes stale; of two nodes taking over at once one
 *     wins and the other reloads.</li>
 * <li>An expiry refresh first reads the stored version: the same → touch; newer or a tombstone → the local copy
 *     is stale and dropped; absent (the store lost it) → written again.</li>
 * </ul>
 * Writes of one session are serialized on the session's monitor, and a queued write whose state is no longer
 * the latest handed to the store is skipped. Thread-safe.
 */
public final class StickyWrites {

    /** What {@link #afterRequest} did. */
    public enum Outcome {
        /** Nothing to write (unchanged; at most an expiry refresh was queued). */
        NONE,
        /** Written to the store. */
        STORED,
        /** Handed to the backup queue (asynchronous mode, or parked while the store is down). */
        QUEUED,
        /** Another node wrote the session since this node loaded it: nothing written, the local copy dropped. */
        CONFLICT
    }

    private final SessionStore store;
    private final SessionBackups backups;
    private final BackupQueue queue;
    private final CircuitBreaker breaker;
    private final SessionCounters counters;
    private final BackupMode mode;

    /**
     * @param store    the store
     * @param backups  decides and serializes the writes
     * @param queue    the backup queue
     * @param breaker  the store's circuit breaker
     * @param counters where outcomes are counted
     * @param mode     write before the response ({@link BackupMode#SYNC}) or after it
     */
    public StickyWrites(SessionStore store, SessionBackups backups, BackupQueue queue, CircuitBreaker breaker,
                 SessionCounters counters, BackupMode mode) {
        this.store = store;
        this.backups = backups;
        this.queue = queue;
        this.breaker = breaker;
        this.counters = counters;
        this.mode = mode;
    }

    /**
     * End of a request that used the session: decide, then write now, queue, or refresh the expiry.
     *
     * @param session the session the request used
     * @return what was done; {@link Outcome#CONFLICT} means the request's change was not stored
     */
    public Outcome afterRequest(SharedSession session) {
        if (mode == BackupMode.ASYNC) { // the queue orders the writes of a session: no monitor on the request path
            SessionBackups.Snapshot snapshot = backups.decide(session);
            if (snapshot == null) {
                touchIfDue(session);
                return Outcome.NONE;
            }
            session.backup().handedToStore(snapshot.hash());
            return queue(session, snapshot);
        }
        synchronized (session) {
            if (!session.live()) { // dropped as stale by a concurrent request of this node that lost a race
                counters.countConflict();
                return Outcome.CONFLICT;
            }
            SessionBackups.Snapshot snapshot = backups.decide(session);
            if (snapshot == null) {
                touchIfDue(session);
                return Outcome.NONE;
            }
            session.backup().handedToStore(snapshot.hash());
            if (!breaker.allowCall()) {
                return queue(session, snapshot);
            }
            try {
                write(session, snapshot);
                breaker.recordSuccess();
                return Outcome.STORED;
            } catch (VersionConflictException e) {
                breaker.recordSuccess();
                lostRace(session);
                return Outcome.CONFLICT;
            } catch (StoreUnavailableException e) {
                breaker.recordFailure();
                backups.failed(session, BackupFailure.STORE_UNAVAILABLE, e.getMessage()
                        + "; kept on this node and written when the store answers");
                return queue(session, snapshot);
            }
        }
    }

    private Outcome queue(SharedSession session, SessionBackups.Snapshot snapshot) {
        if (queue.submit(writeJob(session, snapshot)) == BackupQueue.Outcome.DROPPED) {
            session.backup().forgetStoredHash();
            backups.failed(session, BackupFailure.QUEUE_FULL, "the backup queue is full; written at the next change");
        }
        return Outcome.QUEUED;
    }

    /**
     * Writes under the session's monitor, conditional on its version; records the new one. A refusal because the
     * store has no entry at all (restarted empty, evicted) is not a lost race: the session is created again.
     */
    private void write(SharedSession session, SessionBackups.Snapshot snapshot)
            throws VersionConflictException, StoreUnavailableException {
        long expected = session.backup().storedVersion() > 0 ? session.backup().storedVersion() : SessionStore.NEW_ONLY;
        long version;
        try {
            version = store.save(snapshot.storeId(), snapshot.metadata(), snapshot.bytes(), expected);
        } catch (VersionConflictException e) {
            if (expected == SessionStore.NEW_ONLY
                    || StoredCopy.of(expected, store.version(snapshot.storeId(), expected)) != StoredCopy.LOST) {
                throw e;
            }
            version = store.save(snapshot.storeId(), snapshot.metadata(), snapshot.bytes(), SessionStore.NEW_ONLY);
        }
        session.backup().stored(version, System.currentTimeMillis());
    }

    private SessionBackups.Job writeJob(SharedSession session, SessionBackups.Snapshot snapshot) {
        return new SessionBackups.Job(snapshot.storeId(), false) {
            @Override
            public void run() throws StoreUnavailableException {
                synchronized (session) {
                    if (!session.live() || session.backup().storedHash() != snapshot.hash()) {
                        return; // ended, or a newer state was handed to the store since
                    }
                    try {
                        write(session, snapshot);
                    } catch (VersionConflictException e) {
                        lostRace(session);
                    } catch (StoreUnavailableException e) {
                        backups.failed(session, BackupFailure.STORE_UNAVAILABLE, e.getMessage()
                                + "; kept on this node and written when the store answers");
                        throw e;
                    }
                }
            }
        };
    }

    /**
     * Takeover: writes the state just loaded back, conditional on the loaded version and with this node's
     * route, so that the copies other nodes hold become stale. Skipped (the session is used as loaded) when the
     * store does not answer or an attribute does not serialize (counted).
     *
     * @param session       the session just installed from the store
     * @param loadedVersion the version it was loaded at
     * @throws VersionConflictException if another node wrote the session since it was loaded (it took it over
     *                                  at the same time): the caller reloads
     */
    public void claim(SharedSession session, long loadedVersion) throws VersionConflictException {
        if (!breaker.allowCall()) {
            return;
        }
        synchronized (session) {
            SessionBackups.Snapshot snapshot = backups.snapshot(session);
            if (snapshot == null) {
                return;
            }
            try {
                long version = store.save(snapshot.storeId(), snapshot.metadata(), snapshot.bytes(), loadedVersion);
                breaker.recordSuccess();
                session.backup().handedToStore(snapshot.hash());
                session.backup().stored(version, System.currentTimeMillis());
            } catch (StoreUnavailableException e) {
                breaker.recordFailure();
                counters.countStoreError();
            }
        }
    }

    /**
     * Queues an expiry refresh if one is due ({@link ExpiryRefresh}): whoever read the session on the request
     * (the application, or only the container, e.g. the X-Backend cookie), the store copy must not expire
     * before the local session.
     *
     * @param session a session a request found or used
     */
    public void touchIfDue(SharedSession session) {
        long now = System.currentTimeMillis();
        if (session.backup().storedHash() == null
                || !ExpiryRefresh.touchDue(session.backup().lastStoreRefreshMillis(), now, session.maxInactiveSeconds())) {
            return;
        }
        session.backup().refreshed(now);
        counters.countTouch();
        queue.submit(new SessionBackups.Job(backups.storeId(session.id()), true) {
            @Override
            public void run() throws StoreUnavailableException {
                checkThenTouch(session);
            }
        });
    }

    /** Version read, then touch, drop or rewrite (see the class comment). */
    private void checkThenTouch(SharedSession session) throws StoreUnavailableException {
        synchronized (session) {
            if (!session.live()) {
                return;
            }
            String storeId = backups.storeId(session.id());
            long known = session.backup().storedVersion();
            switch (StoredCopy.of(known, store.version(storeId, known))) {
                case CURRENT -> {
                    if (store.touch(storeId, ExpiryRefresh.touchTtlSeconds(session.maxInactiveSeconds()))) {
                        session.backup().refreshed(System.currentTimeMillis());
                        return;
                    }
                    rewrite(session); // expired between the two calls
                }
                case NEWER, ENDED -> {
                    if (session.activeRequests() == 0) {
                        dropStale(session);
                    } else {
                        session.backup().refreshed(0); // in use now: the next request's refresh checks again
                    }
                }
                case LOST -> rewrite(session);
            }
        }
    }

    /** The store lost the session: creates it again from this node's copy. */
    private void rewrite(SharedSession session) throws StoreUnavailableException {
        session.backup().storeLostIt();
        SessionBackups.Snapshot snapshot = backups.snapshot(session);
        if (snapshot == null) {
            return;
        }
        try {
            write(session, snapshot);
            session.backup().handedToStore(snapshot.hash());
        } catch (VersionConflictException e) {
            lostRace(session);
        }
    }

    /** A write of this node's copy was refused: another node wrote the session since. */
    private void lostRace(SharedSession session) {
        counters.countConflict();
        backups.failed(session, BackupFailure.CONFLICT, "another node wrote the session since this node loaded it;"
                + " this node's copy is dropped and the next request loads the stored one");
        dropStale(session);
    }

    /**
     * Drops a local copy the store has moved past (newer version or tombstone), without listeners and without
     * touching the store: the next request for it loads the stored session, or gets none.
     *
     * @param session the stale copy
     */
    public void dropStale(SharedSession session) {
        counters.countStaleCopyDropped();
        session.backup().conflicted(); // a request still holding it must not be acknowledged
        session.dropQuietly();
    }
}
