package dev.limpet.router.node;

/**
 * Something that knows how many sessions are pinned to a route, for drain reporting (e.g. the session table's
 * learned keys). Implementations must be thread-safe; they are called from the admin API and the metrics
 * scrape, never on the request path, so an O(entries) count is acceptable.
 */
@FunctionalInterface
public interface PinnedSessionCounter {

    /**
     * @param route a node's route
     * @return how many live sessions are pinned to it, 0 or more
     */
    long pinnedSessions(String route);
}
