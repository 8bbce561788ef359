package dev.limpet.router.balance;

import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;

/**
 * Picks a node for a request that no persistence method pins, or whose pinned node cannot serve it
 * (docs/architecture.md §3, Decide). Only nodes that {@linkplain Node#acceptsNewSessions accept new sessions} are chosen;
 * backup nodes only when no non-backup node does (HAProxy {@code backup}). Algorithms: {@code round-robin},
 * {@code weighted}, {@code least-connections}, {@code consistent-hash} ({@link Balancers#create}).
 * Implementations must be thread-safe and should not allocate.
 */
public interface Balancer {

    /**
     * @param request  the client-to-proxy request (read by hashing algorithms only)
     * @param registry the nodes
     * @param exclude  a node not to pick (the one that just failed), or {@code null}
     * @param nowNanos the current {@link System#nanoTime()}
     * @return a node accepting new sessions other than {@code exclude}, or {@code null} when there is none
     */
    Node choose(ClientRequest request, NodeRegistry registry, Node exclude, long nowNanos);
}
