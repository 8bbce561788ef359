package dev.limpet.router;

import dev.limpet.router.admin.AdminActions;
import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.discovery.NodeMembership;
import dev.limpet.router.lifecycle.NodeStateFile;
import dev.limpet.router.lifecycle.SharedNodeStates;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;

/**
 * What the admin API and the discovery sources may do to a running router: reload it, add and remove nodes, read
 * its open tunnels and requests in flight; after a change through the admin API the nodes' states are written to
 * the state file and shared through Redis, when configured. Thread-safe.
 */
final class RouterControls implements AdminActions, NodeMembership {

    private final LimpetRouter router;
    private final NodeStateFile stateFile;
    private final SharedNodeStates shared;

    /**
     * @param router    the router
     * @param stateFile the state file, or {@code null}
     * @param shared    the node states shared through Redis, or {@code null}
     */
    RouterControls(LimpetRouter router, NodeStateFile stateFile, SharedNodeStates shared) {
        this.router = router;
        this.stateFile = stateFile;
        this.shared = shared;
    }

    static void save(NodeStateFile stateFile, NodeRegistry registry) {
        if (stateFile != null) {
            stateFile.save(registry);
        }
    }

    @Override
    public Node find(String route) {
        return router.nodes().find(route);
    }

    @Override
    public Node add(BackendConfig backend) {
        return router.addNode(backend);
    }

    @Override
    public boolean remove(String route) {
        return router.removeNode(route);
    }

    @Override
    public Node addNode(BackendConfig backend) {
        Node node = router.addNode(backend);
        nodesChanged();
        return node;
    }

    @Override
    public void removeNode(String route) {
        router.removeNode(route);
        nodesChanged();
    }

    @Override
    public String reload() throws ConfigException {
        return router.reload();
    }

    @Override
    public long openTunnels() {
        return router.inFlight().tunnels();
    }

    @Override
    public long inFlightRequests() {
        return router.inFlight().requests();
    }

    @Override
    public void nodesChanged() {
        save(stateFile, router.nodes());
        if (shared != null) {
            shared.publish();
        }
    }
}
