package dev.limpet.sessions;

import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.StoredSession;
import dev.limpet.core.store.UnreadableSessionException;
import java.util.Optional;

/**
 * The store reads of a takeover and of one live copy, behind the circuit breaker and counted, shared by the
 * container adapters:
 * <ul>
 * <li>{@link #read}: the stored session, verified (MAC) before it is deserialized; absent, unreadable or (unless
 *     strict) unreachable → empty, so the request gets a fresh session.</li>
 * <li>{@link #checkCopy}: a request whose id names another route reached a node that holds a copy; one
 *     version-only read decides ({@link StoredCopy}): the same version → use it; newer → drop it and load the
 *     stored one; a tombstone → drop it, no session; absent → use it and write it again. The store down →
 *     use it (degrade).</li>
 * </ul>
 * Thread-safe.
 */
public final class StoreReads {

    /** What {@link #checkCopy} decided. */
    public enum CopyVerdict {
        /** The copy is the live one: use it. */
        USE,
        /** Another node wrote the session since: the copy was dropped; load the stored one. */
        RELOAD,
        /** The session ended elsewhere (tombstone): the copy was dropped; no session. */
        ENDED
    }

    private final SessionStore store;
    private final CircuitBreaker breaker;
    private final SessionCounters counters;
    private final StickyWrites sticky;
    private final System.Logger log;

    /**
     * @param store    the store
     * @param breaker  the store's circuit breaker
     * @param counters where misses, unreadable entries and store errors are counted
     * @param sticky   drops stale copies
     * @param log      where a degraded read is logged
     */
    public StoreReads(SessionStore store, CircuitBreaker breaker, SessionCounters counters, StickyWrites sticky,
                      System.Logger log) {
        this.store = store;
        this.breaker = breaker;
        this.counters = counters;
        this.sticky = sticky;
        this.log = log;
    }

    /**
     * For an adapter whose container keeps and checks its own copies (Jetty's {@code SessionCache}): only
     * {@link #read} is available; {@link #checkCopy} throws {@link IllegalStateException}.
     *
     * @param store    the store
     * @param breaker  the store's circuit breaker
     * @param counters where misses, unreadable entries and store errors are counted
     * @param log      where a degraded read is logged
     */
    public StoreReads(SessionStore store, CircuitBreaker breaker, SessionCounters counters, System.Logger log) {
        this(store, breaker, counters, null, log);
    }

    /**
     * @param storeId the session's store id (no route)
     * @param strict  {@code true}: an unavailable store throws instead of yielding empty
     * @return the stored session; empty if absent, unreadable or (unless strict) unreachable; each counted
     * @throws StoreDownException if strict and the store did not answer
     */
    public Optional<StoredSession> read(String storeId, boolean strict) {
        if (!breaker.allowCall()) {
            counters.countStoreError();
            if (strict) {
                throw new StoreDownException(new StoreUnavailableException("circuit breaker open"));
            }
            return Optional.empty();
        }
        try {
            Optional<StoredSession> stored = store.load(storeId);
            breaker.recordSuccess();
            if (stored.isEmpty()) {
                counters.countTakeoverMiss();
            }
            return stored;
        } catch (UnreadableSessionException e) {
            breaker.recordSuccess();
            counters.countUnreadable();
            return Optional.empty();
        } catch (StoreUnavailableException e) {
            breaker.recordFailure();
            counters.countStoreError();
            if (strict) {
                throw new StoreDownException(e);
            }
            log.log(System.Logger.Level.WARNING, "Session [" + SessionIds.logHint(storeId) + "] could not be loaded,"
                    + " the store is unavailable; the request gets a new session: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @param copy    this node's copy of the session
     * @param storeId its store id
     * @return whether to use the copy; a stale or ended copy has been dropped ({@link StickyWrites#dropStale})
     */
    public CopyVerdict checkCopy(SharedSession copy, String storeId) {
        if (sticky == null) {
            throw new IllegalStateException("checkCopy needs the StickyWrites this reader was not given");
        }
        if (!breaker.allowCall()) {
            counters.countStoreError();
            return CopyVerdict.USE;
        }
        StoredCopy state;
        try {
            synchronized (copy) { // a claim or write of this node in progress finishes first
                long known = copy.backup().storedVersion();
                state = StoredCopy.of(known, store.version(storeId, known));
            }
            breaker.recordSuccess();
        } catch (StoreUnavailableException e) {
            breaker.recordFailure();
            counters.countStoreError();
            return CopyVerdict.USE; // degrade: serve what this node has
        }
        switch (state) {
            case CURRENT -> {
                return CopyVerdict.USE;
            }
            case LOST -> {
                copy.backup().storeLostIt();
                return CopyVerdict.USE;
            }
            case ENDED -> {
                sticky.dropStale(copy);
                return CopyVerdict.ENDED;
            }
            default -> {
                log.log(System.Logger.Level.INFO, "Session [" + SessionIds.logHint(storeId) + "] was written by"
                        + " another node since this node held it; dropping this node's stale copy and loading the"
                        + " stored one");
                sticky.dropStale(copy);
                return CopyVerdict.RELOAD;
            }
        }
    }
}
