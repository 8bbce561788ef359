package dev.limpet.router.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts every request from the moment the router's handler gets it until its response completes (or fails), in
 * an {@link InFlightWork}. Unlike Jetty's {@code GracefulHandler}, it does not refuse requests during a graceful
 * stop: a request that arrives on an open keep-alive connection during the grace period is still served, and
 * Jetty answers it with {@code Connection: close} because the connector is shut down (HAProxy's soft stop does
 * the same). Keeps the wrapped handler's invocation type, so a non-blocking handler stays non-blocking.
 * Thread-safe.
 */
public final class GracefulRequests extends Handler.Wrapper {

    private final InFlightWork work;

    /**
     * @param handler the router's handler
     * @param work    where requests are counted
     */
    public GracefulRequests(Handler handler, InFlightWork work) {
        super(handler);
        this.work = work;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        work.requestStarted();
        Counted counted = new Counted(callback);
        boolean handled = false;
        try {
            handled = super.handle(request, response, counted);
            return handled;
        } finally {
            if (!handled) {
                counted.end(); // not handled, or the handler threw: Jetty completes the original callback
            }
        }
    }

    /** The request's callback that ends the count exactly once, however the request completes. */
    private final class Counted extends Callback.Nested {
        private final AtomicBoolean ended = new AtomicBoolean();

        Counted(Callback callback) {
            super(callback);
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                work.requestEnded();
            }
        }

        @Override
        public void succeeded() {
            try {
                super.succeeded();
            } finally {
                end();
            }
        }

        @Override
        public void failed(Throwable x) {
            try {
                super.failed(x);
            } finally {
                end();
            }
        }
    }
}
