package dev.limpet.router.routing;

import dev.limpet.router.node.Node;
import dev.limpet.router.persistence.PersistenceMethod;

/**
 * Where one request goes and what the response must learn (docs/architecture.md §3, Decide and Learn).
 *
 * @param node              the node that serves the request, or {@code null} when none does (see
 *                          {@code refusal})
 * @param previousRoute     the route the request was pinned to when it is served elsewhere (failover) or refused
 *                          (its favoured node, for {@code X-Limpet-Route} and the access log), sent to
 *                          the new node in {@code X-Limpet-Previous-Route}; {@code null} when not moved
 * @param setCookie         a {@code Set-Cookie} value for the router cookie to add to the response, or
 *                          {@code null}
 * @param refusal           when {@code node} is {@code null} because the pinned node failed: the class's failure
 *                          mode ({@link FailureMode#SORRY}, {@link FailureMode#CLOSE} or
 *                          {@link FailureMode#STRICT}); {@code null} when no node is usable at all (plain 503)
 * @param persistenceClass  the class the request belongs to, or {@code null} (decisions built by tests)
 * @param pinnedBy          the method that named the pinned node, or {@code null} when nothing pinned it
 */
public record RoutingDecision(Node node, String previousRoute, String setCookie, FailureMode refusal,
                              PersistenceClass persistenceClass, PersistenceMethod pinnedBy) {

    /** A decision with no class information: {@code refusal}, {@code persistenceClass}, {@code pinnedBy} null. */
    public RoutingDecision(Node node, String previousRoute, String setCookie) {
        this(node, previousRoute, setCookie, null, null, null);
    }
}
