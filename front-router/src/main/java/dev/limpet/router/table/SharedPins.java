package dev.limpet.router.table;

/**
 * Where a {@link SessionTable} shares its pins with other router instances (Redis in production). Reads are
 * bounded by a short timeout; writes are queued (write-behind) so the request path never waits on them.
 * Implementations never throw on I/O failure: they count it and answer "unknown". Thread-safe.
 */
public interface SharedPins extends AutoCloseable {

    /**
     * @param key a table key
     * @return the shared route of that key, or {@code null} when unknown, unreachable or too slow
     */
    String get(String key);

    /**
     * Queues a write: the key maps to the route for the table's idle timeout (its TTL is reset).
     *
     * @param key   a table key
     * @param route the route
     */
    void put(String key, String route);

    /** Queues a delete of the key. @param key a table key */
    void delete(String key);

    /** @return local misses answered since start */
    long readHits();

    /** @return failed or timed-out operations since start */
    long failures();

    /** @return write-behind operations dropped because the queue was full */
    long writesDropped();

    /** Waits until queued writes are sent or {@code timeoutMillis} passes (tests and shutdown). */
    void flush(long timeoutMillis) throws InterruptedException;

    /** Stops the writer (after a short flush) and closes connections. */
    @Override
    void close();
}
