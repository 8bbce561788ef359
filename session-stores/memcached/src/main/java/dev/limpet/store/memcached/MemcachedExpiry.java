package dev.limpet.store.memcached;

/**
 * Converts a time to live into memcached's {@code exptime}. The memcached protocol ({@code protocol.txt},
 * "Expiration times") reads an exptime of up to 30 days (2,592,000 s) as seconds from now and anything larger as
 * an absolute Unix time in seconds; 0 means "never expires" and is never produced here. memcached's clock ticks
 * once a second, so an exptime of N relative seconds ends after N-1 to N seconds; one second is added so that an
 * entry lives at least its time to live (and at most one second longer).
 */
final class MemcachedExpiry {

    /** The largest exptime memcached reads as relative, seconds (30 days). */
    static final long MAX_RELATIVE_SECONDS = 60L * 60 * 24 * 30;

    private MemcachedExpiry() {
    }

    /**
     * @param ttlMillis      time to live, milliseconds, at least 1; rounded up to whole seconds, plus one
     * @param nowEpochMillis the current time, epoch milliseconds (used only for TTLs over 30 days)
     * @return the exptime: relative seconds (2..2,592,000) or an absolute Unix time in seconds
     * @throws IllegalArgumentException if {@code ttlMillis} is less than 1 or the absolute time overflows an int
     */
    static int exptime(long ttlMillis, long nowEpochMillis) {
        if (ttlMillis < 1) {
            throw new IllegalArgumentException("ttlMillis must be at least 1, was [" + ttlMillis + "]");
        }
        long seconds = (ttlMillis + 999) / 1000 + 1;
        if (seconds <= MAX_RELATIVE_SECONDS) {
            return (int) seconds;
        }
        long absolute = Math.floorDiv(nowEpochMillis, 1000) + seconds;
        if (absolute > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ttlMillis [" + ttlMillis + "] ends after 2038, beyond memcached's exptime");
        }
        return (int) absolute;
    }
}
