package dev.limpet.router.balance;

import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code least-connections}: the candidate with the fewest in-flight exchanges relative to its weight
 * ({@code inFlight / weight}, compared without division), HAProxy {@code balance leastconn}. Ties take turns
 * (round robin among the tied candidates), so idle nodes share new sessions evenly. In-flight counts are those
 * of this router only. Thread-safe and allocation-free; two passes over the nodes per pick.
 */
public final class LeastConnectionsBalancer extends AbstractBalancer {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    Node choose(ClientRequest request, NodeRegistry registry, Node exclude, long nowNanos, boolean backup) {
        List<Node> nodes = registry.nodes();
        Node best = null;
        int ties = 0;
        for (Node node : nodes) {
            if (!isCandidate(node, exclude, nowNanos, backup)) {
                continue;
            }
            int order = best == null ? -1 : compareLoad(node, best);
            if (order < 0) {
                best = node;
                ties = 1;
            } else if (order == 0) {
                ties++;
            }
        }
        if (ties <= 1) {
            return best;
        }
        int turn = nextStart(next, ties);
        for (Node node : nodes) {
            if (isCandidate(node, exclude, nowNanos, backup) && compareLoad(node, best) == 0 && turn-- == 0) {
                return node;
            }
        }
        return best; // loads changed between the two passes
    }

    /** @return the sign of {@code a.inFlight / a.weight - b.inFlight / b.weight} (weights are above 0) */
    private static int compareLoad(Node a, Node b) {
        return Long.compare((long) a.inFlight() * b.weight(), (long) b.inFlight() * a.weight());
    }
}
