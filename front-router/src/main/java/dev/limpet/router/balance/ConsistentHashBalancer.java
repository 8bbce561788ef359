package dev.limpet.router.balance;

import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;
import java.util.Arrays;
import java.util.List;

/**
 * {@code consistent-hash}: a hash ring with {@value #POINTS_PER_WEIGHT} virtual nodes per unit of weight (HAProxy
 * {@code hash-type consistent}). The request's {@link HashKey} is hashed onto the ring and the first candidate
 * clockwise serves it, so a key keeps its node while that node accepts new sessions, and removing a node moves
 * only its own keys. Requests without the key are balanced round robin.
 *
 * <p><b>Bounded load</b> ({@code balance.boundedLoadFactor}, HAProxy {@code hash-balance-factor}, Mirrokni,
 * Thorup and Zadimoghaddam, "Consistent Hashing with Bounded Loads", 2018): with a factor {@code c > 0}, a node
 * whose in-flight exchanges reach {@code ceil(c * (total in-flight + 1) * weight / total weight)} is skipped and the
 * walk goes on clockwise. {@code c = 0} disables the bound.
 *
 * <p>The ring is rebuilt (under a lock, off the common path) when a node's weight changes. Thread-safe; the
 * common path is allocation-free except for the key's hash input.
 */
public final class ConsistentHashBalancer extends AbstractBalancer {

    /** Virtual nodes per unit of weight. */
    static final int POINTS_PER_WEIGHT = 100;

    private final HashKey key;
    private final double boundedLoadFactor;
    private final RoundRobinBalancer keyless = new RoundRobinBalancer();
    private volatile Ring ring;

    /**
     * @param registry          the nodes
     * @param key               what is hashed
     * @param boundedLoadFactor {@code 0} for no bound, else at least 1.0
     */
    public ConsistentHashBalancer(NodeRegistry registry, HashKey key, double boundedLoadFactor) {
        this.key = key;
        this.boundedLoadFactor = boundedLoadFactor;
        this.ring = Ring.build(registry.nodes());
    }

    @Override
    Node choose(ClientRequest request, NodeRegistry registry, Node exclude, long nowNanos, boolean backup) {
        String value = request == null ? null : key.read(request);
        if (value == null) {
            return keyless.choose(request, registry, exclude, nowNanos, backup);
        }
        Ring r = currentRing(registry.nodes());
        if (r.points.length == 0) {
            return null;
        }
        long capacityTimesTotalWeight = capacity(registry.nodes(), exclude, nowNanos, backup);
        if (capacityTimesTotalWeight == 0) {
            return null; // no candidate in this tier: skip the walk round the whole ring
        }
        long h = hash(value);
        int i = Arrays.binarySearch(r.points, h);
        int start = i >= 0 ? i : -i - 1;
        for (int k = 0; k < r.points.length; k++) {
            Node node = r.owners[(start + k) % r.points.length];
            if (isCandidate(node, exclude, nowNanos, backup) && (capacityTimesTotalWeight < 0
                    || (long) node.inFlight() * r.totalWeight < capacityTimesTotalWeight * node.weight())) {
                return node;
            }
        }
        return null;
    }

    /**
     * @return {@code c * (total in-flight + 1)} rounded up, to compare with {@code inFlight * totalWeight / weight}
     *         per node; -1 when unbounded; 0 when the tier has no candidate
     */
    private long capacity(List<Node> nodes, Node exclude, long nowNanos, boolean backup) {
        long total = 0;
        boolean any = false;
        for (Node node : nodes) {
            if (isCandidate(node, exclude, nowNanos, backup)) {
                any = true;
                total += node.inFlight();
            }
        }
        if (!any) {
            return 0;
        }
        return boundedLoadFactor <= 0 ? -1 : (long) Math.ceil(boundedLoadFactor * (total + 1));
    }

    private Ring currentRing(List<Node> nodes) {
        Ring r = ring;
        if (r.matches(nodes)) {
            return r;
        }
        synchronized (this) {
            if (!ring.matches(nodes)) {
                ring = Ring.build(nodes);
            }
            return ring;
        }
    }

    /** 64-bit FNV-1a followed by the MurmurHash3 finaliser, so that similar keys land far apart. */
    static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** An immutable ring: sorted points and the node owning each; the weights it was built with. */
    private static final class Ring {
        final long[] points;
        final Node[] owners;
        final int[] weights;
        final long totalWeight;
        final List<Node> nodes;

        private Ring(long[] points, Node[] owners, int[] weights, long totalWeight, List<Node> nodes) {
            this.points = points;
            this.owners = owners;
            this.weights = weights;
            this.totalWeight = totalWeight;
            this.nodes = nodes;
        }

        /** @return whether the ring was built from these very nodes (a reload or add/del changes the list) with these weights */
        boolean matches(List<Node> nodes) {
            if (nodes != this.nodes) {
                return false;
            }
            for (int i = 0; i < weights.length; i++) {
                if (nodes.get(i).weight() != weights[i]) {
                    return false;
                }
            }
            return true;
        }

        static Ring build(List<Node> nodes) {
            int[] weights = new int[nodes.size()];
            int count = 0;
            long totalWeight = 0;
            for (int i = 0; i < weights.length; i++) {
                weights[i] = nodes.get(i).weight();
                count += weights[i] * POINTS_PER_WEIGHT;
                totalWeight += weights[i];
            }
            long[] keyed = new long[count];
            Node[] byPoint = new Node[count];
            int p = 0;
            for (int i = 0; i < weights.length; i++) {
                for (int v = 0; v < weights[i] * POINTS_PER_WEIGHT; v++) {
                    keyed[p] = hash(nodes.get(i).route() + "#" + v);
                    byPoint[p++] = nodes.get(i);
                }
            }
            Integer[] order = new Integer[count];
            for (int k = 0; k < count; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Long.compare(keyed[a], keyed[b]));
            long[] points = new long[count];
            Node[] owners = new Node[count];
            for (int k = 0; k < count; k++) {
                points[k] = keyed[order[k]];
                owners[k] = byPoint[order[k]];
            }
            return new Ring(points, owners, weights, Math.max(1, totalWeight), nodes);
        }
    }
}
