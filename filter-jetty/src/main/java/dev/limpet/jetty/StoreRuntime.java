package dev.limpet.jetty;

import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.store.DeferredStoreBackend;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.sessions.BackupQueue;
import dev.limpet.sessions.CircuitBreaker;
import dev.limpet.sessions.SessionCounters;

/**
 * The open store of one web application and what works with it: the circuit breaker (opens after
 * {@value #BREAKER_FAILURES} failures in a row, probes every {@value #BREAKER_OPEN_MILLIS} ms), the backup queue
 * that writes parked changes when the store is back, the counters and the per-session versions. Made when Jetty
 * starts the application's session manager, closed when it stops. Thread-safe.
 *
 * @param store    the open store (a deferred one if its server was unreachable at start)
 * @param breaker  the store's circuit breaker
 * @param queue    the backup queue of writes the store did not take
 * @param counters takeovers, conflicts, stale copies, store errors
 * @param copies   the per-session versions and the store calls made with them
 */
record StoreRuntime(SessionStore store, CircuitBreaker breaker, BackupQueue queue, SessionCounters counters,
                    StickyCopies copies) implements AutoCloseable {

    static final int BREAKER_FAILURES = 3;
    static final long BREAKER_OPEN_MILLIS = 1000;
    private static final int QUEUE_CAPACITY = 10_000;
    private static final long DRAIN_MILLIS = 5_000;

    /**
     * Opens the store; one whose server cannot be reached now is opened in the background
     * ({@link DeferredStoreBackend}) and the application starts and serves meanwhile.
     *
     * @param options    the store URI and timeout
     * @param namespace  the application's key namespace
     * @param keyRing    the session-blob key ring
     * @param serializer reads attributes with the application's class loader and the class filter
     * @return the runtime
     * @throws StoreException if no store supports the URI or the store refuses its settings
     */
    static StoreRuntime open(StoreOptions options, String namespace, KeyRing keyRing, SessionSerializer serializer)
            throws StoreException {
        StoreBackend backend = DeferredStoreBackend.openOrDefer(options, StoreRuntime.class.getClassLoader(),
                BREAKER_OPEN_MILLIS);
        SessionStore store;
        try {
            store = SessionStore.of(backend, namespace, keyRing, serializer);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        CircuitBreaker breaker = new CircuitBreaker(BREAKER_FAILURES, BREAKER_OPEN_MILLIS, System::nanoTime);
        BackupQueue queue = new BackupQueue(namespace, QUEUE_CAPACITY, 1, BREAKER_OPEN_MILLIS, breaker);
        SessionCounters counters = new SessionCounters();
        return new StoreRuntime(store, breaker, queue, counters, new StickyCopies(store, breaker, queue, counters));
    }

    /** Writes what the queue holds (for at most five seconds), then closes the store. */
    @Override
    public void close() {
        queue.close(DRAIN_MILLIS);
        store.close();
    }

    @Override
    public String toString() {
        return "namespace [" + store.namespace() + "]";
    }
}
