package dev.limpet.router;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The router's one thread pool (server and backend client). It differs from {@link QueuedThreadPool} in one
 * place: when a proxied response completes (on the backend client's selector thread, after the router's
 * {@code handle()} has returned), Jetty hands the client connection's next read ({@code HttpConnection.run()})
 * to the pool. That task only reads and parses without blocking and then calls the router's non-blocking
 * handler, so this pool runs it in place instead, as Jetty's own selectors run non-blocking tasks; this saves
 * a thread hand-off (a futex wake, a context switch and a park) on every request. Every other task is queued
 * as usual. Sound only while every handler of the server is non-blocking, which the router guarantees.
 *
 * <p>Thread-safe.
 */
final class RouterThreadPool extends QueuedThreadPool {

    private static final String SERVER_CONNECTION = "org.eclipse.jetty.server.internal.HttpConnection";

    private final boolean inlineResume;

    /**
     * @param maxThreads   maximum threads
     * @param minThreads   minimum threads
     * @param inlineResume whether server connection resumptions run in place
     */
    RouterThreadPool(int maxThreads, int minThreads, boolean inlineResume) {
        super(maxThreads, minThreads);
        this.inlineResume = inlineResume;
    }

    @Override
    public void execute(Runnable job) {
        if (inlineResume && SERVER_CONNECTION.equals(job.getClass().getName())) {
            job.run();
            return;
        }
        super.execute(job);
    }
}
