package dev.limpet.sessions;

/**
 * When to refresh a stored session's expiry without rewriting it ({@code touch}: Redis {@code PEXPIRE},
 * memcached {@code touch}, a JDBC update of the expiry column), and for how long.
 *
 * <p>Rule: a touch is due when at least the <em>touch interval</em> passed since the last write or touch:
 * {@code maxInactiveSeconds / 10}, at least 1 second and at most 60 seconds. The touch sets a time to live of
 * {@code maxInactiveSeconds + interval}, so the stored copy never expires before the local session (whose
 * idle clock restarts at every request), and outlives it by at most the interval. A save sets exactly
 * {@code maxInactiveSeconds} (it happens at a request). Sessions that never expire ({@code <= 0}) are
 * refreshed every 60 seconds with the store's longest TTL. Stateless.
 */
public final class ExpiryRefresh {

    /** Longest touch interval, seconds. */
    public static final int MAX_INTERVAL_SECONDS = 60;

    private ExpiryRefresh() {
    }

    /**
     * @param maxInactiveSeconds the session's idle timeout, seconds; 0 or negative: never expires
     * @return the touch interval, seconds, 1..60
     */
    public static int intervalSeconds(int maxInactiveSeconds) {
        if (maxInactiveSeconds <= 0) {
            return MAX_INTERVAL_SECONDS;
        }
        return Math.max(1, Math.min(MAX_INTERVAL_SECONDS, maxInactiveSeconds / 10));
    }

    /**
     * @param lastRefreshMillis  when the store's expiry was last set (write or touch), epoch milliseconds
     * @param nowMillis          now, epoch milliseconds
     * @param maxInactiveSeconds the session's idle timeout, seconds
     * @return whether a touch is due
     */
    public static boolean touchDue(long lastRefreshMillis, long nowMillis, int maxInactiveSeconds) {
        return nowMillis - lastRefreshMillis >= intervalSeconds(maxInactiveSeconds) * 1000L;
    }

    /**
     * @param maxInactiveSeconds the session's idle timeout, seconds
     * @return the time to live a touch sets, seconds ({@code <= 0} stays "never expires")
     */
    public static int touchTtlSeconds(int maxInactiveSeconds) {
        return maxInactiveSeconds <= 0 ? maxInactiveSeconds : maxInactiveSeconds + intervalSeconds(maxInactiveSeconds);
    }
}
