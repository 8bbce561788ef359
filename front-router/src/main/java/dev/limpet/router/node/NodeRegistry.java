package dev.limpet.router.node;

import dev.limpet.router.config.BackendConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's nodes, by configuration order and by route. The set of nodes is fixed for the router's life; health,
 * administrative state and weight change in place on each {@link Node}.
 *
 * <p>Thread-safe: immutable collections of thread-safe {@link Node}s.
 */
public final class NodeRegistry {

    private final List<Node> nodes;
    private final Map<String, Node> byRoute;

    /** @param backends the configured backends, routes unique */
    public NodeRegistry(List<BackendConfig> backends) {
        this.nodes = backends.stream().map(Node::new).toList();
        Map<String, Node> map = new HashMap<>();
        for (Node node : nodes) {
            if (map.putIfAbsent(node.route(), node) != null) {
                throw new IllegalArgumentException("duplicate route [" + node.route() + "]");
            }
        }
        this.byRoute = Map.copyOf(map);
    }

    /** @return every node in configuration order */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * @param route a route from untrusted input, possibly {@code null}
     * @return the node with that route, or {@code null} when none is known
     */
    public Node find(String route) {
        return route == null ? null : byRoute.get(route);
    }
}
