package dev.limpet.sessions;

import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import java.util.Optional;

/**
 * The request rules of non-sticky mode (the store is the source of truth), shared by the container adapters:
 * <ul>
 * <li>{@link #lock}: requests of one session on one node run one after another ({@link LocalSessionLock}, as
 *     Tomcat's {@code PersistentValve}); with {@code lockingMode="all"} also across nodes ({@link StoreLock}).
 *     A request that waits longer than {@code lockTimeoutMillis} for either lock is answered 503 with
 *     {@code Retry-After: 1} ({@code lockTimeoutAction="fail"}) or served without it ({@code "proceed"}),
 *     counted as a lock timeout; a store error while locking counts as a timeout.</li>
 * <li>{@link #save}: the session is saved versioned at the end of the request; a save that lost the version
 *     race is answered 409 and nothing of the request is kept, so the client may retry it as is; a store that
 *     does not answer is answered 503 with {@code failOnStoreError}, else the request degrades (counted).</li>
 * </ul>
 * Thread-safe.
 */
public final class NonStickyRules {

    /** What the adapter answers. */
    public enum Answer {
        /** Go on (locked, or proceeding unlocked; saved, or degraded). */
        PROCEED,
        /** 409: the save lost a version race; nothing of the request was kept. */
        CONFLICT,
        /** 503 with {@code Retry-After: 1}: a lock timed out, or the store is down with {@code failOnStoreError}. */
        UNAVAILABLE
    }

    /** The locks one request holds; {@link #close} releases them. */
    public final class Held implements AutoCloseable {
        private final Optional<LocalSessionLock.Held> local;
        private Optional<StoreLock.Held> inStore = Optional.empty();

        private Held(Optional<LocalSessionLock.Held> local) {
            this.local = local;
        }

        @Override
        public void close() {
            try {
                inStore.ifPresent(NonStickyRules.this::unlock);
            } finally {
                local.ifPresent(localLock::release);
            }
        }
    }

    private final SharingSettings settings;
    private final LocalSessionLock localLock;
    private final StoreLock storeLock;
    private final SessionBackups backups;
    private final SessionCounters counters;
    private final System.Logger log;

    /**
     * @param settings  the validated settings (lock timeout and action, {@code lockingMode}, {@code failOnStoreError})
     * @param localLock this node's per-session lock
     * @param storeLock the store lock of {@code lockingMode="all"}
     * @param backups   saves the session
     * @param counters  where lock timeouts, conflicts and store errors are counted
     * @param log       where they are logged
     */
    public NonStickyRules(SharingSettings settings, LocalSessionLock localLock, StoreLock storeLock,
                          SessionBackups backups, SessionCounters counters, System.Logger log) {
        this.settings = settings;
        this.localLock = localLock;
        this.storeLock = storeLock;
        this.backups = backups;
        this.counters = counters;
        this.log = log;
    }

    /**
     * Takes this node's lock of the session, then (with {@code lockingMode="all"}) the store lock.
     *
     * @param storeId the requested session's store id
     * @return the locks to release after the request, or {@code null}: answer 503 ({@link Answer#UNAVAILABLE})
     */
    public Held lock(String storeId) {
        Optional<LocalSessionLock.Held> local = Optional.empty();
        try {
            local = localLock.acquire(storeId, settings.lockTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (local.isEmpty() && timedOut(storeId, "another request of this node holds it")) {
            return null;
        }
        Held held = new Held(local);
        if (!settings.lockAll()) {
            return held;
        }
        try {
            held.inStore = storeLock.acquire(storeId, settings.lockTimeoutMillis());
        } catch (StoreUnavailableException e) {
            counters.countStoreError();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (held.inStore.isEmpty() && timedOut(storeId, "store lock")) {
            held.close();
            return null;
        }
        return held;
    }

    /** Counts and logs a lock timeout. @return whether the request is to be answered 503 */
    private boolean timedOut(String storeId, String which) {
        counters.countLockTimeout();
        log.log(System.Logger.Level.WARNING, "Session [" + SessionIds.logHint(storeId) + "] lock (" + which
                + ") not obtained within [" + settings.lockTimeoutMillis() + "] ms"
                + (settings.failOnLockTimeout() ? "; answering 503" : "; proceeding unlocked"));
        return settings.failOnLockTimeout();
    }

    private void unlock(StoreLock.Held held) {
        try {
            storeLock.release(held);
        } catch (StoreUnavailableException e) {
            counters.countStoreError();
        }
    }

    /**
     * Saves the session a request used ({@link SessionBackups#saveAfterRequest}), counted and logged.
     *
     * @param session   the session
     * @param committed whether the response is already committed (then nothing can be answered)
     * @return {@link Answer#CONFLICT}, {@link Answer#UNAVAILABLE} (store down, {@code failOnStoreError}) or
     *         {@link Answer#PROCEED}
     */
    public Answer save(SharedSession session, boolean committed) {
        try {
            backups.saveAfterRequest(session);
            return Answer.PROCEED;
        } catch (VersionConflictException e) {
            counters.countConflict();
            log.log(System.Logger.Level.WARNING, "Session [" + SessionIds.logHint(session.id()) + "] was changed by"
                    + " another request meanwhile; this request's changes were not saved"
                    + (committed ? " (response already committed)" : "; answering 409"));
            return Answer.CONFLICT;
        } catch (StoreUnavailableException e) {
            counters.countStoreError();
            log.log(System.Logger.Level.WARNING, "Session [" + SessionIds.logHint(session.id()) + "] not saved, the"
                    + " store is unavailable: " + e.getMessage());
            return settings.failOnStoreError() ? Answer.UNAVAILABLE : Answer.PROCEED;
        }
    }
}
