package dev.limpet.router.lifecycle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.component.Graceful;

/**
 * What a graceful stop waits for: the requests being handled and the open tunnels (upgraded connections such as
 * WebSockets, which outlive their request). Requests are counted by {@link GracefulRequests}; a tunnel
 * implementation joins by calling {@link #openTunnel()} when a tunnel is established and closing the returned
 * handle when it ends. The router's server holds the instance as a bean, so any code that sees a request finds it
 * with {@code request.getConnectionMetaData().getConnector().getServer().getBean(InFlightWork.class)}; the admin
 * console shows {@link #tunnels()}.
 *
 * <p>Implements Jetty's {@link Graceful}: {@link #shutdown()} returns a future completed when both counts reach 0.
 * Thread-safe; counting is two atomic operations per request.
 */
public final class InFlightWork implements Graceful {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tunnels = new AtomicLong();
    private final Graceful.Shutdown shutdown = new Graceful.Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
            return requests.get() == 0 && tunnels.get() == 0;
        }
    };

    /** @return the requests being handled now */
    public long requests() {
        return requests.get();
    }

    /** @return the tunnels open now */
    public long tunnels() {
        return tunnels.get();
    }

    /**
     * Counts a tunnel as open until the handle is closed; a graceful stop waits for it.
     *
     * @return the handle; closing it more than once counts once
     */
    public Tunnel openTunnel() {
        tunnels.incrementAndGet();
        return new Tunnel();
    }

    void requestStarted() {
        requests.incrementAndGet();
    }

    void requestEnded() {
        if (requests.decrementAndGet() == 0 && shutdown.isShutdown()) {
            shutdown.check();
        }
    }

    /** Starts waiting: the returned future completes when no request is in flight and no tunnel is open. */
    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = shutdown.shutdown();
        shutdown.check();
        return done;
    }

    @Override
    public boolean isShutdown() {
        return shutdown.isShutdown();
    }

    /** An open tunnel; {@link #close()} when it ends. Thread-safe. */
    public final class Tunnel implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Tunnel() {
        }

        /** Counts the tunnel as closed; idempotent. */
        @Override
        public void close() {
            if (open.compareAndSet(true, false) && tunnels.decrementAndGet() == 0 && shutdown.isShutdown()) {
                shutdown.check();
            }
        }
    }
}
