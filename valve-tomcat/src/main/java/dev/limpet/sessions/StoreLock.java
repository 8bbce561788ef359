package dev.limpet.sessions;

import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import java.util.Objects;
import java.util.Optional;

/**
 * A cross-node lock of one session for non-sticky mode ({@code lockingMode="all"}), built on the store's
 * atomic create-only write: acquiring is {@code save("lock-" + sessionId, …, NEW_ONLY)} — Redis
 * {@code SET NX PX} semantics through the store's script, memcached {@code add}, a JDBC insert — with a time
 * to live, so a lock whose holder died frees itself. Releasing deletes the entry.
 *
 * <p><b>Bounded</b>: {@link #acquire} retries with a growing pause (5 ms doubling to 50 ms) for at most
 * {@code timeoutMillis} and then reports failure; the caller decides (the manager's {@code lockTimeoutAction}).
 * A store error is retried within the same bound (a JDBC store may report a lost insert race as an error).
 * Not reentrant. Thread-safe.
 */
public final class StoreLock {

    private static final String PREFIX = "lock-";
    private static final byte[] EMPTY_ATTRIBUTES = new byte[0];

    private final SessionStore store;
    private final int ttlSeconds;
    private final String route;

    /**
     * @param store      the session store
     * @param ttlSeconds how long a lock lives if never released, seconds, at least 1
     * @param route      this node's route (recorded in the lock entry), possibly empty
     */
    public StoreLock(SessionStore store, int ttlSeconds, String route) {
        this.store = Objects.requireNonNull(store, "store");
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("lock ttlSeconds must be at least 1");
        }
        this.ttlSeconds = ttlSeconds;
        this.route = route == null ? "" : route;
    }

    /**
     * @param sessionId     the route-less session id
     * @param timeoutMillis the longest wait, milliseconds, 0 or more
     * @return the lock's key id if obtained; empty on timeout (or an id too long to lock)
     * @throws StoreUnavailableException if the store did not answer
     * @throws InterruptedException      if interrupted while waiting
     */
    public Optional<String> acquire(String sessionId, long timeoutMillis)
            throws StoreUnavailableException, InterruptedException {
        String lockId = PREFIX + sessionId;
        if (lockId.length() > dev.limpet.core.store.SessionIds.MAX_SESSION_ID_LENGTH) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long pauseMillis = 5;
        while (true) {
            long now = System.currentTimeMillis();
            try {
                store.save(lockId, new SessionMetadata(now, now, ttlSeconds, route), EMPTY_ATTRIBUTES,
                        SessionStore.NEW_ONLY);
                return Optional.of(lockId);
            } catch (VersionConflictException held) {
                if (System.nanoTime() - deadline >= 0) {
                    return Optional.empty();
                }
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(50, pauseMillis * 2);
            } catch (StoreUnavailableException e) {
                // Also what some stores report for a lost create-only race (a duplicate key): retry in the bound.
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(50, pauseMillis * 2);
            }
        }
    }

    /**
     * @param lockId what {@link #acquire} returned
     * @throws StoreUnavailableException if the store did not answer (the lock then expires by itself)
     */
    public void release(String lockId) throws StoreUnavailableException {
        store.delete(lockId);
    }
}
