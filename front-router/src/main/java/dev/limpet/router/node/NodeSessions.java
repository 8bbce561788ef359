package dev.limpet.router.node;

import java.util.List;

/**
 * How many sessions each node still holds (drain reporting, docs/architecture.md §3 "Drain shows how many sessions a node
 * still holds"): the sum over every {@link PinnedSessionCounter}, typically the session ids and signed cookies seen within
 * {@code drain.idleSeconds} ({@link SessionSightings}) and the session table's entries pinned to the node and used
 * within that window. Counts are estimates taken at read time (entries expire lazily). Thread-safe; not for the request path.
 */
public final class NodeSessions {

    private final List<PinnedSessionCounter> counters;

    /** @param counters the sources to add up; may be empty (every count is then 0) */
    public NodeSessions(List<PinnedSessionCounter> counters) {
        this.counters = List.copyOf(counters);
    }

    /**
     * @param route a node's route
     * @return the sessions pinned to it across all sources, 0 or more
     */
    public long held(String route) {
        long total = 0;
        for (PinnedSessionCounter counter : counters) {
            total += counter.pinnedSessions(route);
        }
        return total;
    }
}
