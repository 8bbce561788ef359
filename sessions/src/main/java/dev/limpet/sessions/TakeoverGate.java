package dev.limpet.sessions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Runs one load per key at a time and hands its result to every caller that asks for the same key meanwhile
 * ("single flight"): concurrent requests racing the takeover of one session perform one store read and all
 * end on the same session object, hence the same new session id. Thread-safe.
 *
 * @param <T> the result type
 */
public final class TakeoverGate<T> {

    /** The work done once per key. */
    @FunctionalInterface
    public interface Loader<T> {
        /**
         * @return the result shared with the concurrent callers (may be {@code null})
         * @throws Exception on failure: every waiting caller gets it
         */
        T load() throws Exception;
    }

    private final ConcurrentHashMap<String, CompletableFuture<T>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param key    the key (the route-less session id)
     * @param loader runs in the calling thread of the first caller only
     * @return the loader's result
     * @throws Exception the loader's exception, for the first and the concurrent callers
     */
    public T once(String key, Loader<T> loader) throws Exception {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            T result = loader.load();
            mine.complete(result);
            return result;
        } catch (Exception | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static <T> T await(CompletableFuture<T> running) throws Exception {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }
}
