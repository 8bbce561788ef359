package dev.limpet.sessions;

import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;

/**
 * Ends sessions in the store for every node ("logout everywhere"): an invalidated or expired session's entry is
 * replaced by a tombstone ({@link SessionStore#tombstone}), so that no node holding an old copy serves it
 * (its version check finds the tombstone) or writes it back (its versioned write conflicts), and a request for
 * the id anywhere gets no session.
 *
 * <ul>
 * <li>{@code invalidate()}: unconditional — a logout wins over any other node's copy. Written before the
 *     response in synchronous mode (and in non-sticky mode), else queued; parked while the store is down.</li>
 * <li>Idle expiry: conditional on the version this node last loaded or wrote, queued. If another node has
 *     written the session since (it took it over and serves it), the tombstone conflicts and nothing happens.</li>
 * </ul>
 * A tombstone lives as long as the session could have: its idle timeout plus the touch interval
 * ({@link ExpiryRefresh#touchTtlSeconds}; {@link SessionStore#MAX_TTL_SECONDS} for sessions that never expire),
 * so no local copy outlives it. Thread-safe.
 */
public final class Tombstones {

    private final SessionStore store;
    private final SessionBackups backups;
    private final BackupQueue queue;
    private final CircuitBreaker breaker;
    private final SessionCounters counters;
    private final boolean writeNow;
    private final System.Logger log;

    /**
     * @param store    the store
     * @param backups  store ids and snapshots
     * @param queue    the backup queue
     * @param breaker  the store's circuit breaker
     * @param counters where store errors are counted
     * @param writeNow whether an invalidation is written on the calling (request) thread
     * @param log      where an invalidation the store did not take is logged
     */
    public Tombstones(SessionStore store, SessionBackups backups, BackupQueue queue, CircuitBreaker breaker,
               SessionCounters counters, boolean writeNow, System.Logger log) {
        this.store = store;
        this.backups = backups;
        this.queue = queue;
        this.breaker = breaker;
        this.counters = counters;
        this.writeNow = writeNow;
        this.log = log;
    }

    /**
     * @param session  a session that just ended on this node (its id and version still readable)
     * @param explicit {@code true} for {@code invalidate()}, {@code false} for an idle timeout
     */
    public void ended(SharedSession session, boolean explicit) {
        String storeId = backups.storeId(session.id());
        long expected = explicit ? SessionStore.ANY_VERSION : session.backup().storedVersion();
        if (!SessionIds.isValidSessionId(storeId) || expected == SessionStore.NEW_ONLY) {
            return; // never stored: nothing to end
        }
        int max = session.maxInactiveSeconds();
        int ttlSeconds = max <= 0 ? SessionStore.MAX_TTL_SECONDS : ExpiryRefresh.touchTtlSeconds(max);
        SessionBackups.Job job = new SessionBackups.Job(storeId, false) {
            @Override
            public void run() throws StoreUnavailableException {
                try {
                    store.tombstone(storeId, expected, ttlSeconds);
                } catch (VersionConflictException e) {
                    log.log(System.Logger.Level.DEBUG, "Session [" + SessionIds.logHint(storeId) + "] expired here but another node wrote"
                            + " it since; left to that node");
                }
            }
        };
        if (!explicit || !writeNow || !breaker.allowCall()) {
            queue.submit(job);
            return;
        }
        try {
            job.run();
            breaker.recordSuccess();
        } catch (StoreUnavailableException e) {
            breaker.recordFailure();
            counters.countStoreError();
            log.log(System.Logger.Level.WARNING, "Session [" + SessionIds.logHint(storeId) + "] invalidated, but the store is unavailable: its"
                    + " end is written there when the store answers: " + e.getMessage());
            queue.submit(job);
        }
    }
}
