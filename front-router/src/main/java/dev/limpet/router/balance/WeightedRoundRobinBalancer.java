package dev.limpet.router.balance;

import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;
import java.util.List;

/**
 * {@code weighted}: nginx's smooth weighted round robin ({@code ngx_http_upstream_get_peer}). On every pick each
 * candidate's current weight grows by its weight; the candidate with the largest current weight is chosen and
 * its current weight is lowered by the sum of the candidates' weights. Over any window of
 * {@code sum(weights)} picks each node gets exactly its share, spread out (weights 5,1,1 give
 * {@code a a b a c a a}, not {@code a a a a a b c}). Weight changes apply from the next pick.
 *
 * <p>Thread-safe: picks are serialised on this object (a few additions per node); allocation-free.
 */
public final class WeightedRoundRobinBalancer extends AbstractBalancer {

    private long[] current;

    /** @param registry the nodes this balancer serves (when their number changes, the state is resized) */
    public WeightedRoundRobinBalancer(NodeRegistry registry) {
        this.current = new long[registry.nodes().size()];
    }

    @Override
    synchronized Node choose(ClientRequest request, NodeRegistry registry, Node exclude, long nowNanos,
                             boolean backup) {
        List<Node> nodes = registry.nodes();
        if (current.length != nodes.size()) {
            current = new long[nodes.size()]; // nodes added or removed (reload, admin API): start a fresh round
        }
        long total = 0;
        int best = -1;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (!isCandidate(node, exclude, nowNanos, backup)) {
                continue;
            }
            int weight = node.weight();
            current[i] += weight;
            total += weight;
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        current[best] -= total;
        return nodes.get(best);
    }
}
