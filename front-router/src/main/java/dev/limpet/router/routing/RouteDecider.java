package dev.limpet.router.routing;

import dev.limpet.core.token.AffinityToken;
import dev.limpet.router.balance.Balancer;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.ClientRequest;
import dev.limpet.router.persistence.LearningMethod;
import dev.limpet.router.persistence.PersistenceMethod;
import dev.limpet.router.persistence.RouterCookieIssuer;
import dev.limpet.router.persistence.ServerResponse;
import dev.limpet.router.persistence.SignedCookieMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decides which node serves a request (docs/architecture.md §3, Identify and Decide) and what its response teaches
 * (Learn):
 * <ol>
 *   <li>the first {@link PersistenceClass} whose path rule matches applies (the last is the default class);</li>
 *   <li>its persistence methods run in configured order; the first one that names a <em>known</em> node sets
 *       the pin;</li>
 *   <li>if the pinned node is usable, it serves the request. If not, the class's {@link FailureMode} applies:
 *       {@code rebalance} lets the remaining methods name another usable node, else the balancer picks one
 *       (HAProxy {@code option redispatch}); {@code sorry}, {@code close} and {@code strict} refuse the request
 *       and leave the pin alone;</li>
 *   <li>a request served away from its pin carries the old route to the new node, and its learned key is
 *       re-pinned to the new node;</li>
 *   <li>with {@code router-cookie} in the class, the response gets a fresh router cookie when the request had no
 *       valid one, it names another node, or it is past half its lifetime (and is marked
 *       {@code Cache-Control: private} unless configured otherwise).</li>
 * </ol>
 * Thread-safe; allocates only the decision.
 */
public final class RouteDecider {

    private final PersistenceClass[] classes;
    private final RouterCookieIssuer routerCookieIssuer;
    private final NodeRegistry registry;
    private final Balancer balancer;

    /**
     * One default class with failure mode {@code rebalance}.
     *
     * @param methods            the persistence methods in configured order
     * @param routerCookieMethod the {@code router-cookie} method if configured (also in {@code methods}), or
     *                           {@code null}
     * @param routerCookieIssuer issues router cookies; {@code null} exactly when {@code routerCookieMethod} is
     * @param registry           the nodes
     * @param balancer           picks a node when nothing usable is pinned
     */
    public RouteDecider(List<PersistenceMethod> methods, SignedCookieMethod routerCookieMethod,
                        RouterCookieIssuer routerCookieIssuer, NodeRegistry registry, Balancer balancer) {
        this(List.of(new PersistenceClass(null, null, methods, routerCookieMethod, FailureMode.REBALANCE, 503,
                "text/plain", "".getBytes(StandardCharsets.US_ASCII))), routerCookieIssuer, registry, balancer);
    }

    /**
     * @param classes            the persistence classes, first match wins; the last should match every path
     * @param routerCookieIssuer issues router cookies, or {@code null} when no class uses {@code router-cookie}
     * @param registry           the nodes
     * @param balancer           picks a node when nothing usable is pinned
     */
    public RouteDecider(List<PersistenceClass> classes, RouterCookieIssuer routerCookieIssuer, NodeRegistry registry,
                        Balancer balancer) {
        this.classes = classes.toArray(new PersistenceClass[0]);
        this.routerCookieIssuer = routerCookieIssuer;
        this.registry = registry;
        this.balancer = balancer;
    }

    /** @return the nodes decided among */
    public NodeRegistry registry() {
        return registry;
    }

    /**
     * @param rawPath a request's raw path
     * @return the class that applies to it (the last class when none matches)
     */
    public PersistenceClass classFor(String rawPath) {
        for (PersistenceClass c : classes) {
            if (c.matches(rawPath)) {
                return c;
            }
        }
        return classes[classes.length - 1];
    }

    /**
     * @param request the client-to-proxy request
     * @param exclude a node not to use (it just failed for this request), or {@code null}
     * @return the decision; its node is {@code null} when no node serves the request
     */
    public RoutingDecision decide(ClientRequest request, Node exclude) {
        long now = System.nanoTime();
        PersistenceClass pc = classFor(request.rawPath());
        SignedCookieMethod routerCookieMethod = pc.routerCookieMethod();
        AffinityToken routerToken = routerCookieMethod == null ? null : routerCookieMethod.token(request);
        Node pinned = null;
        PersistenceMethod pinnedBy = null;
        Node target = null;
        for (PersistenceMethod method : pc.methods()) {
            Node node = registry.find(method == routerCookieMethod
                    ? (routerToken == null ? null : routerToken.route())
                    : method.route(request));
            if (node == null) {
                continue;
            }
            if (pinned == null) {
                pinned = node;
                pinnedBy = method;
            }
            if (node != exclude && node.isUsable(now)) {
                target = node;
                break;
            }
            if (pc.onFailure() != FailureMode.REBALANCE) {
                // previousRoute keeps the favoured node for X-Limpet-Route and the access log (F=) of the refusal.
                return new RoutingDecision(null, pinned.route(), null, pc.onFailure(), pc, pinnedBy);
            }
        }
        if (target == null) {
            target = balancer.choose(request, registry, exclude, now);
        }
        if (target == null) {
            return new RoutingDecision(null, pinned == null ? null : pinned.route(), null, null, pc, pinnedBy);
        }
        String previous = pinned != null && pinned != target ? pinned.route() : null;
        String setCookie = routerCookieMethod == null || routerCookieIssuer == null ? null
                : routerCookieIssuer.setCookieFor(routerToken, target.route());
        return new RoutingDecision(target, previous, setCookie, null, pc, pinnedBy);
    }

    /**
     * Learns from a backend response (docs/architecture.md §3, Learn): re-pins the request's learned key after a failover,
     * lets every learning method of the class record what the response establishes, and marks a response that
     * sets the router cookie {@code Cache-Control: private} unless configured otherwise. Never throws on
     * malformed response values.
     *
     * @param decision the decision the request was sent by
     * @param request  the client-to-proxy request
     * @param response the server-to-proxy response (and the proxy-to-client headers)
     */
    public void learn(RoutingDecision decision, ClientRequest request, ServerResponse response) {
        PersistenceClass pc = decision.persistenceClass();
        if (decision.node() == null || pc == null) {
            return;
        }
        String route = decision.node().route();
        if (decision.previousRoute() != null && decision.pinnedBy() instanceof LearningMethod moved) {
            moved.repin(request, route);
        }
        for (PersistenceMethod method : pc.methods()) {
            if (method instanceof LearningMethod learning) {
                learning.learn(request, response, route);
            }
        }
        if (decision.setCookie() != null && routerCookieIssuer != null) {
            routerCookieIssuer.markPrivate(response);
        }
    }
}
