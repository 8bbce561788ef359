package dev.limpet.router.discovery;

import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.node.Node;

/** How a discovery source adds and removes the router's nodes. Implementations are thread-safe. */
public interface NodeMembership {

    /**
     * @param route a route
     * @return the node with that route, or {@code null}
     */
    Node find(String route);

    /**
     * @param backend a node to add
     * @return the new node
     * @throws IllegalArgumentException if a node with that route exists
     */
    Node add(BackendConfig backend);

    /**
     * @param route a node's route; its pinned users move as if it were down
     * @return whether a node had that route
     */
    boolean remove(String route);
}
