package dev.limpet.router.table;

/**
 * A snapshot of the session table's counters, for metrics and the admin API.
 *
 * @param size               entries held locally now (Caffeine's estimate)
 * @param maxEntries         the configured bound
 * @param oldestAgeMillis    time since the least recently used entry was last read or written, in ms; 0 when
 *                           empty
 * @param sizeEvictions      entries evicted because the table was full, since start
 * @param idleExpirations    entries dropped after {@code idleTimeoutSeconds} without use, since start
 * @param rejectedKeys       learned or requested values ignored because they were empty or longer than
 *                           {@code maxKeyLength}, since start
 * @param sharedReadHits     local misses answered by Redis, since start
 * @param sharedFailures     Redis reads or writes that failed or timed out (the local table kept working)
 * @param sharedWritesDropped write-behind operations dropped because the queue was full
 */
public record SessionTableStats(long size, long maxEntries, long oldestAgeMillis, long sizeEvictions,
                                long idleExpirations, long rejectedKeys, long sharedReadHits, long sharedFailures,
                                long sharedWritesDropped) {
}
