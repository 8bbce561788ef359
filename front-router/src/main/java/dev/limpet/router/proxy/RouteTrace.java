package dev.limpet.router.proxy;

import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.routing.RoutingDecision;

/**
 * What happened to one request, for the access log, the metrics and {@code X-Limpet-Route}: Stingray's favoured
 * node ({@code %F}: the node the persistence method named), required node ({@code %N}: the node the decision
 * sent the request to) and actual node ({@code %n}: the node of the last attempt, after retries), the method that
 * pinned it, why it moved, and how often it was retried. Stored as the request attribute {@link #ATTRIBUTE}.
 *
 * <p>Written by the request's own exchange (Jetty serialises its events), read when the request completes.
 */
public final class RouteTrace {

    /** The request attribute holding the trace. */
    public static final String ATTRIBUTE = RouteTrace.class.getName();

    /** No node: printed as {@code -}. */
    public static final String NONE = "-";

    private final RoutingDecision decision;
    private final String moveReason;
    private volatile Node actual;
    private volatile int retries;
    private volatile boolean retryMoved;

    /**
     * @param decision the first decision for the request
     * @param registry the nodes, to tell why a pinned request moved
     */
    RouteTrace(RoutingDecision decision, NodeRegistry registry) {
        this.decision = decision;
        this.actual = decision.node();
        this.moveReason = moveReason(decision, registry);
    }

    private static String moveReason(RoutingDecision decision, NodeRegistry registry) {
        if (decision.previousRoute() == null) {
            return null;
        }
        Node pinned = registry.find(decision.previousRoute());
        if (pinned == null) {
            return "unknown";
        }
        return pinned.adminState() == AdminState.DISABLED ? "disabled" : "down";
    }

    /** Records a retry on another node. */
    void retried(RoutingDecision retry) {
        retries++;
        actual = retry.node();
        retryMoved = true;
    }

    /** @return the first decision */
    public RoutingDecision decision() {
        return decision;
    }

    /** @return {@code %F}: the route the persistence method named, or {@link #NONE} when nothing pinned it */
    public String favoured() {
        if (decision.previousRoute() != null) {
            return decision.previousRoute();
        }
        return decision.pinnedBy() != null && decision.node() != null ? decision.node().route() : NONE;
    }

    /** @return {@code %N}: the route the decision chose, or {@link #NONE} when it refused the request */
    public String required() {
        return decision.node() == null ? NONE : decision.node().route();
    }

    /** @return {@code %n}: the route of the node that served the last attempt, or {@link #NONE} */
    public String actual() {
        Node node = actual;
        return node == null ? NONE : node.route();
    }

    /** @return the node that served the last attempt, or {@code null} */
    public Node actualNode() {
        return actual;
    }

    /** @return the name of the persistence method that pinned the request, or {@code none} */
    public String method() {
        return decision.pinnedBy() == null ? "none" : decision.pinnedBy().name();
    }

    /**
     * @return why the request left its favoured node: {@code down}, {@code disabled}, {@code unknown}; else
     *         {@code retry} when an attempt failed and it was retried elsewhere (unpinned requests too: they left
     *         the required node); {@code null} when it did not move
     */
    public String moveReason() {
        return retryMoved && moveReason == null ? "retry" : moveReason;
    }

    /** @return how many times the request was retried on another node */
    public int retries() {
        return retries;
    }

    /** @return the {@code X-Limpet-Route} value, e.g. {@code node2; method=jsessionid; pinned=node1; moved=down} */
    public String headerValue() {
        StringBuilder b = new StringBuilder(64).append(actual()).append("; method=").append(method());
        if (!NONE.equals(favoured())) {
            b.append("; pinned=").append(favoured());
        }
        String reason = moveReason();
        if (reason != null) {
            b.append("; moved=").append(reason);
        }
        if (retries > 0) {
            b.append("; retries=").append(retries);
        }
        return b.toString();
    }
}
