package dev.limpet.router.balance;

import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code round-robin}: the candidates take turns, weights other than 0 ignored (HAProxy {@code balance roundrobin}
 * with equal weights). Each pick counts the candidates and takes the next one in turn, so a node that is skipped
 * (draining, down, a backup) does not hand its turns to its neighbour: the candidates' shares stay equal.
 * Thread-safe and allocation-free; two passes over the nodes per pick.
 */
public final class RoundRobinBalancer extends AbstractBalancer {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    Node choose(ClientRequest request, NodeRegistry registry, Node exclude, long nowNanos, boolean backup) {
        List<Node> nodes = registry.nodes();
        int candidates = 0;
        for (Node node : nodes) {
            if (isCandidate(node, exclude, nowNanos, backup)) {
                candidates++;
            }
        }
        if (candidates == 0) {
            return null;
        }
        int turn = nextStart(next, candidates);
        Node first = null;
        for (Node node : nodes) {
            if (isCandidate(node, exclude, nowNanos, backup)) {
                if (turn-- == 0) {
                    return node;
                }
                first = first == null ? node : first;
            }
        }
        return first; // a node stopped being a candidate between the two passes
    }
}
