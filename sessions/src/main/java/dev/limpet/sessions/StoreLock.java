package dev.limpet.sessions;

import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoredVersion;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cross-node lock of one session for non-sticky mode ({@code lockingMode="all"}), built on the store's
 * atomic create-only write: acquiring is {@code save("lock-" + sessionId, …, NEW_ONLY)} — Redis
 * {@code SET NX PX} semantics through the store's script, memcached {@code add}, a JDBC insert — with a time
 * to live, so a lock whose holder died frees itself.
 *
 * <ul>
 * <li><b>Owner token</b>: the version the store gave the lock entry when it was created (or last renewed). Only
 *     the holder knows it; releasing reads the entry's version and deletes it only if it is still the holder's,
 *     so a holder whose lock expired and was taken by another node never removes the other node's lock.</li>
 * <li><b>Renewal</b>: while held, the lock is renewed every third of its time to live by a versioned write
 *     (conditional on the token, which it then moves on), so a request that runs longer than the time to live
 *     keeps its lock; a renewal that finds the entry gone or taken stops.</li>
 * <li><b>Bounded</b>: {@link #acquire} retries with a growing pause (5 ms doubling to 50 ms) for at most
 *     {@code timeoutMillis} and then reports failure; the caller decides (the manager's
 *     {@code lockTimeoutAction}). A store error is retried within the same bound (a JDBC store may report a lost
 *     insert race as an error).</li>
 * </ul>
 * Not reentrant. Thread-safe; {@link #close()} stops the renewal thread (a daemon).
 */
public final class StoreLock implements AutoCloseable {

    private static final String PREFIX = "lock-";
    private static final byte[] EMPTY_ATTRIBUTES = new byte[0];

    /** A lock this node holds: pass it to {@link StoreLock#release}. */
    public static final class Held {
        private final String lockId;
        private final AtomicLong token;
        private volatile ScheduledFuture<?> renewal;

        private Held(String lockId, long token) {
            this.lockId = lockId;
            this.token = new AtomicLong(token);
        }

        /** @return the lock entry's id ({@code lock-} + session id) */
        public String lockId() {
            return lockId;
        }

        /** @return the owner token: the entry's version as this holder last wrote it */
        public long token() {
            return token.get();
        }
    }

    private final SessionStore store;
    private final int ttlSeconds;
    private final String route;
    private final ScheduledExecutorService renewals;

    /**
     * @param store      the session store
     * @param ttlSeconds how long a lock lives if never released nor renewed, seconds, at least 1
     * @param route      this node's route (recorded in the lock entry), possibly empty
     */
    public StoreLock(SessionStore store, int ttlSeconds, String route) {
        this.store = Objects.requireNonNull(store, "store");
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("lock ttlSeconds must be at least 1");
        }
        this.ttlSeconds = ttlSeconds;
        this.route = route == null ? "" : route;
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "limpet-lock-renewal-" + store.namespace());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param sessionId     the route-less session id
     * @param timeoutMillis the longest wait, milliseconds, 0 or more
     * @return the held lock if obtained (renewed until released); empty on timeout (or an id too long to lock)
     * @throws StoreUnavailableException if the store did not answer
     * @throws InterruptedException      if interrupted while waiting
     */
    public Optional<Held> acquire(String sessionId, long timeoutMillis)
            throws StoreUnavailableException, InterruptedException {
        String lockId = PREFIX + sessionId;
        if (lockId.length() > SessionIds.MAX_SESSION_ID_LENGTH) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long pauseMillis = 5;
        while (true) {
            try {
                Held held = new Held(lockId, write(lockId, SessionStore.NEW_ONLY));
                long periodMillis = Math.max(300, ttlSeconds * 1000L / 3);
                held.renewal = renewals.scheduleWithFixedDelay(() -> renew(held), periodMillis, periodMillis,
                        TimeUnit.MILLISECONDS);
                return Optional.of(held);
            } catch (VersionConflictException held) {
                if (System.nanoTime() - deadline >= 0) {
                    return Optional.empty();
                }
            } catch (StoreUnavailableException e) {
                // Also what some stores report for a lost create-only race (a duplicate key): retry in the bound.
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(50, pauseMillis * 2);
        }
    }

    private long write(String lockId, long expectedVersion) throws VersionConflictException, StoreUnavailableException {
        long now = System.currentTimeMillis();
        return store.save(lockId, new SessionMetadata(now, now, ttlSeconds, route), EMPTY_ATTRIBUTES, expectedVersion);
    }

    private void renew(Held held) {
        try {
            synchronized (held) {
                held.token.set(write(held.lockId, held.token.get()));
            }
        } catch (VersionConflictException e) {
            held.renewal.cancel(false); // expired and taken by another node: nothing of ours left to renew
        } catch (StoreUnavailableException | RuntimeException e) {
            // the next period tries again; the lock expires by itself if the store stays away
        }
    }

    /**
     * Releases a lock: stops its renewal, then deletes the entry if its version is still this holder's token.
     *
     * @param held what {@link #acquire} returned
     * @throws StoreUnavailableException if the store did not answer (the lock then expires by itself)
     */
    public void release(Held held) throws StoreUnavailableException {
        held.renewal.cancel(false);
        synchronized (held) {
            Optional<StoredVersion> stored = store.version(held.lockId, held.token());
            if (stored.isPresent() && stored.get().version() == held.token()) {
                store.delete(held.lockId);
            }
        }
    }

    /** Stops the renewal thread. Idempotent. */
    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
