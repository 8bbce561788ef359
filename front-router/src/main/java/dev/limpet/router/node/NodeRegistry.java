package dev.limpet.router.node;

import dev.limpet.router.config.BackendConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's nodes, by configuration order and by route. The set of nodes changes only through
 * {@link #update} (a configuration reload) and {@link #add} / {@link #remove} (the admin API); health,
 * administrative state and weight change in place on each {@link Node}.
 *
 * <p>Thread-safe: readers get an immutable snapshot ({@link #nodes()} is the same list object until the set
 * changes); writers are serialised on this object and publish a new snapshot with one volatile write.
 */
public final class NodeRegistry {

    private record Snapshot(List<Node> nodes, Map<String, Node> byRoute) {
        static Snapshot of(List<Node> nodes) {
            Map<String, Node> map = new HashMap<>();
            for (Node node : nodes) {
                if (map.putIfAbsent(node.route(), node) != null) {
                    throw new IllegalArgumentException("duplicate route [" + node.route() + "]");
                }
            }
            return new Snapshot(List.copyOf(nodes), Map.copyOf(map));
        }
    }

    private volatile Snapshot snapshot;

    /** @param backends the configured backends, routes unique */
    public NodeRegistry(List<BackendConfig> backends) {
        this.snapshot = Snapshot.of(backends.stream().map(Node::new).toList());
    }

    /** @return every node in configuration order (nodes added at run time last); an immutable snapshot */
    public List<Node> nodes() {
        return snapshot.nodes();
    }

    /**
     * @param route a route from untrusted input, possibly {@code null}
     * @return the node with that route, or {@code null} when none is known
     */
    public Node find(String route) {
        return route == null ? null : snapshot.byRoute().get(route);
    }

    /**
     * Applies a reloaded backend list. A node whose route and URL and {@code backup} flag are unchanged is kept
     * as it is (its health, in-flight exchanges and pins stay); its {@code weight} and {@code state} take the
     * new file's values only where the file changed them, so a value set through the admin API survives a reload
     * that does not touch it. A node whose URL or {@code backup} changed is replaced by a new node that keeps the
     * run-time state and weight. Routes no longer listed are removed; their pinned users move as if the node
     * were down.
     *
     * @param previous the backends of the configuration being replaced
     * @param next     the backends of the new configuration, routes unique
     * @return what changed, for the log
     */
    public synchronized Changes update(List<BackendConfig> previous, List<BackendConfig> next) {
        Map<String, BackendConfig> before = new HashMap<>();
        previous.forEach(b -> before.put(b.route(), b));
        Map<String, Node> current = new LinkedHashMap<>(snapshot.byRoute());
        List<Node> nodes = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (BackendConfig b : next) {
            Node old = current.remove(b.route());
            BackendConfig was = before.get(b.route());
            if (old == null) {
                nodes.add(new Node(b));
                added.add(b.route());
                continue;
            }
            Node node = old;
            if (!old.baseUri().equals(b.url()) || old.isBackup() != b.backup()) {
                node = new Node(b);
                node.setAdminState(old.adminState());
                node.setWeight(old.weight());
                changed.add(b.route());
            }
            if (was == null || was.state() != b.state()) {
                node.setAdminState(b.state());
            }
            if (was == null || was.weight() != b.weight()) {
                node.setWeight(b.weight());
            }
            nodes.add(node);
        }
        // Nodes added through the admin API survive a reload that does not list them.
        List<String> removed = new ArrayList<>();
        for (Node left : current.values()) {
            if (before.containsKey(left.route())) {
                removed.add(left.route());
            } else {
                nodes.add(left);
            }
        }
        snapshot = Snapshot.of(nodes);
        return new Changes(added, changed, removed);
    }

    /**
     * Adds a node at run time (HAProxy {@code add server}).
     *
     * @param backend the new node
     * @return the node
     * @throws IllegalArgumentException if a node with that route exists
     */
    public synchronized Node add(BackendConfig backend) {
        if (find(backend.route()) != null) {
            throw new IllegalArgumentException("a node with route [" + backend.route() + "] exists");
        }
        Node node = new Node(backend);
        List<Node> nodes = new ArrayList<>(snapshot.nodes());
        nodes.add(node);
        snapshot = Snapshot.of(nodes);
        return node;
    }

    /**
     * Removes a node at run time (HAProxy {@code del server}); its pinned users move as if it were down.
     *
     * @param route the node's route
     * @return the removed node, or {@code null} when none has that route
     */
    public synchronized Node remove(String route) {
        Node node = find(route);
        if (node != null) {
            List<Node> nodes = new ArrayList<>(snapshot.nodes());
            nodes.remove(node);
            snapshot = Snapshot.of(nodes);
        }
        return node;
    }

    /**
     * What a reload changed.
     *
     * @param added   routes of new nodes
     * @param changed routes whose URL or backup flag changed (the node was replaced)
     * @param removed routes no longer served
     */
    public record Changes(List<String> added, List<String> changed, List<String> removed) {
        /** @return whether the set of nodes changed at all */
        public boolean any() {
            return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
        }
    }
}
