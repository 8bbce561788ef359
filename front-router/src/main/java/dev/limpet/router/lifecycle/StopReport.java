package dev.limpet.router.lifecycle;

/**
 * What a graceful stop had to cut: the requests still in flight and the tunnels still open when the grace
 * period ended (both 0 for a clean stop).
 *
 * @param cutRequests  requests closed before their response completed
 * @param cutTunnels   tunnels closed while open
 * @param waitedMillis how long the stop waited for work to finish, in milliseconds
 */
public record StopReport(long cutRequests, long cutTunnels, long waitedMillis) {

    /** @return whether nothing was cut */
    public boolean clean() {
        return cutRequests == 0 && cutTunnels == 0;
    }
}
