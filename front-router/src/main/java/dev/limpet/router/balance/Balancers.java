package dev.limpet.router.balance;

import dev.limpet.router.config.BalanceConfig;
import dev.limpet.router.node.NodeRegistry;
import java.util.List;

/** Creates the configured {@link Balancer} ({@code balance.algorithm}). */
public final class Balancers {

    /** {@code balance.algorithm} values. */
    public static final String ROUND_ROBIN = "round-robin";
    /** Smooth weighted round robin. */
    public static final String WEIGHTED = "weighted";
    /** Fewest in-flight exchanges per unit of weight. */
    public static final String LEAST_CONNECTIONS = "least-connections";
    /** Hash ring over {@code balance.hashKey}, optionally with bounded load. */
    public static final String CONSISTENT_HASH = "consistent-hash";

    private static final List<String> NAMES = List.of(ROUND_ROBIN, WEIGHTED, LEAST_CONNECTIONS, CONSISTENT_HASH);

    private Balancers() {
    }

    /** @return every algorithm name */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * @param config   the validated {@code balance} settings
     * @param registry the nodes
     * @return a new balancer
     */
    public static Balancer create(BalanceConfig config, NodeRegistry registry) {
        return switch (config.algorithm()) {
            case WEIGHTED -> new WeightedRoundRobinBalancer(registry);
            case LEAST_CONNECTIONS -> new LeastConnectionsBalancer();
            case CONSISTENT_HASH -> new ConsistentHashBalancer(registry, config.hashKey(), config.boundedLoadFactor());
            default -> new RoundRobinBalancer();
        };
    }
}
