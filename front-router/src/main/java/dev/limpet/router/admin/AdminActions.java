package dev.limpet.router.admin;

import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.node.Node;

/**
 * What the admin API asks of the router beyond reading and changing nodes in place. Implementations must be
 * thread-safe; they are called on the admin listener's threads.
 */
public interface AdminActions {

    /**
     * Re-reads the configuration file and the secret, token and key-store files it names, and applies them
     * ({@code POST /reload}, SIGHUP).
     *
     * @return a one-line summary of what changed
     * @throws ConfigException listing every problem; the running configuration stays
     */
    String reload() throws ConfigException;

    /** @return the tunnels (upgraded connections) open now, 0 when the router proxies none */
    long openTunnels();

    /** @return the requests the router is handling now */
    long inFlightRequests();

    /**
     * Adds a node (HAProxy {@code add server}): it takes requests at once, health-checked like the others.
     *
     * @param backend the validated node
     * @return the new node
     * @throws IllegalArgumentException if a node with that route exists
     */
    Node addNode(BackendConfig backend);

    /**
     * Removes a node (HAProxy {@code del server}); its pinned users move as if it were down, requests in flight
     * to it finish.
     *
     * @param route the node's route
     */
    void removeNode(String route);

    /** Called after a node's state or weight changed through the API (the state file is written). */
    void nodesChanged();
}
