package dev.limpet.sessions;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes the requests of one session within this JVM: one fair lock per key, created on first use and
 * forgotten when no request holds or waits for it. Non-sticky mode takes it around each request so that two
 * requests of one session on one node never share the node's copy: a request's change is then saved by that
 * request's own versioned write or not at all, so a 409 always means "nothing of this request was kept". This is
 * the behaviour of Tomcat's {@code PersistentValve}, which holds a per-session semaphore for the same reason
 * (its {@code semaphoreFairness} / {@code semaphoreBlockOnAcquire} attributes).
 *
 * <p>Thread-safe. Not reentrant per key across calls: a thread acquires a key once and releases it once.
 */
public final class LocalSessionLock {

    /** A lock and the number of threads that hold it or wait for it; guarded by the map's compute. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Waits for the key's lock.
     *
     * @param key           the session's route-less id
     * @param timeoutMillis longest wait, milliseconds, {@code >= 0} ({@code 0}: only if free now)
     * @return the held lock, to pass to {@link #release}; empty if not obtained in time
     * @throws InterruptedException if interrupted while waiting (nothing is held then)
     */
    public Optional<Held> acquire(String key, long timeoutMillis) throws InterruptedException {
        Entry entry = entries.compute(key, (k, existing) -> {
            Entry e = existing == null ? new Entry() : existing;
            e.users++;
            return e;
        });
        boolean locked = false;
        try {
            locked = entry.lock.tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
        } finally {
            if (!locked) {
                leave(key, entry);
            }
        }
        return locked ? Optional.of(new Held(key, entry)) : Optional.empty();
    }

    /** @param held a lock returned by {@link #acquire}, by the thread that acquired it; released once */
    public void release(Held held) {
        held.entry.lock.unlock();
        leave(held.key, held.entry);
    }

    /** @return the keys with a holder or a waiter (for tests and monitoring) */
    public int size() {
        return entries.size();
    }

    private void leave(String key, Entry entry) {
        entries.computeIfPresent(key, (k, e) -> {
            if (e != entry) {
                return e;
            }
            e.users--;
            return e.users == 0 ? null : e;
        });
    }

    /** A lock held by the thread that acquired it. */
    public static final class Held {
        private final String key;
        private final Entry entry;

        private Held(String key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }
    }
}
