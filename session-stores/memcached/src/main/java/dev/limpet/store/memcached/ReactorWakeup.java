package dev.limpet.store.memcached;

import com.google.code.yanf4j.nio.impl.NioController;
import com.google.code.yanf4j.nio.impl.SelectorManager;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import net.rubyeye.xmemcached.MemcachedClient;

/**
 * Works around a lost wakeup in xmemcached's NIO reactor (yanf4j {@code Reactor.run}, xmemcached 2.4.x). A command
 * sent from an application thread is queued with a write-registration event and wakes the reactor's selector only
 * if the reactor's "woken up" flag is clear. The reactor drains that event queue, then clears the flag, then
 * selects for up to 1000 ms: a command queued between the drain and the clear finds the flag still set from the
 * previous wakeup, does not wake the selector, and stays unsent until the select times out — 1000 ms, as long as
 * the default operation timeout, so the operation fails with a {@code TimeoutException} (on a 2-core machine about
 * once every few thousand operations, at any value size).
 *
 * <p>While at least one waited-for operation is in flight ({@link #begin()} .. {@link #end()}), a daemon thread
 * wakes every reactor selector of the given clients every {@value #INTERVAL_MILLIS} ms ({@link Selector#wakeup()},
 * which bypasses the flag), bounding that stall to the interval. With nothing in flight it only checks a counter.
 * If the client is not built on yanf4j's {@code NioController} (another xmemcached version), it does nothing.
 *
 * <p>Thread-safe.
 */
final class ReactorWakeup implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReactorWakeup.class.getName());
    /** Longest a command can wait for a lost selector wakeup, milliseconds. */
    static final long INTERVAL_MILLIS = 5;

    private final List<SelectorManager> managers = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts the wakeup thread.
     *
     * @param clients the clients whose reactors to wake
     */
    ReactorWakeup(List<MemcachedClient> clients) {
        for (MemcachedClient client : clients) {
            if (client.getConnector() instanceof NioController controller) {
                managers.add(controller.getSelectorManager());
            } else {
                LOG.log(System.Logger.Level.WARNING, "xmemcached connector [{0}] is not a yanf4j NioController: "
                        + "no reactor wakeups", client.getConnector().getClass().getName());
            }
        }
        thread = new Thread(this::run, "limpet-memcached-reactor-wakeup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Marks the start of an operation the caller waits for; pair with {@link #end()} in a {@code finally}. */
    void begin() {
        inFlight.incrementAndGet();
    }

    /** Marks the end of an operation started with {@link #begin()}. */
    void end() {
        inFlight.decrementAndGet();
    }

    private void run() {
        long interval = TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS);
        while (!closed) {
            LockSupport.parkNanos(interval);
            if (inFlight.get() > 0 && !closed) {
                wakeAll();
            }
        }
    }

    private void wakeAll() {
        for (SelectorManager manager : managers) {
            if (!manager.isStarted()) {
                continue;
            }
            for (int i = 0; i < manager.getSelectorCount(); i++) {
                try {
                    Selector selector = manager.getReactorByIndex(i).getSelector();
                    if (selector != null && selector.isOpen()) {
                        selector.wakeup();
                    }
                } catch (RuntimeException | InternalError e) { // a selector closed under us (client shutting down)
                    LOG.log(System.Logger.Level.DEBUG, "waking an xmemcached reactor failed", e);
                }
            }
        }
    }

    /** Stops the thread and waits for it; call before shutting the clients down. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
