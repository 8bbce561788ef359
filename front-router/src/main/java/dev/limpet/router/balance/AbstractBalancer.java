package dev.limpet.router.balance;

import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part every algorithm shares: which nodes are candidates. A candidate accepts new sessions, is not the
 * excluded node, and belongs to the tier being tried: first the non-backup nodes, then, only when none of them
 * is a candidate, the backup nodes (HAProxy {@code backup}; like HAProxy without {@code allbackups}, the backup
 * tier is balanced by the same algorithm). Thread-safe when the subclass is.
 */
abstract class AbstractBalancer implements Balancer {

    @Override
    public final Node choose(ClientRequest request, NodeRegistry registry, Node exclude, long nowNanos) {
        Node node = choose(request, registry, exclude, nowNanos, false);
        return node != null ? node : choose(request, registry, exclude, nowNanos, true);
    }

    /**
     * @param backup which tier: {@code false} for the regular nodes, {@code true} for the backup nodes
     * @return a candidate of that tier, or {@code null} when it has none
     */
    abstract Node choose(ClientRequest request, NodeRegistry registry, Node exclude, long nowNanos, boolean backup);

    /**
     * @param counter the balancer's rotation counter
     * @param n       the number of nodes, at least 1
     * @return where the next scan of the nodes starts: one node further on every call
     */
    static int nextStart(AtomicInteger counter, int n) {
        return Math.floorMod(counter.getAndIncrement(), n);
    }

    /** @return whether {@code node} may be chosen in this tier */
    static boolean isCandidate(Node node, Node exclude, long nowNanos, boolean backup) {
        return node != exclude && node.isBackup() == backup && node.acceptsNewSessions(nowNanos);
    }
}
