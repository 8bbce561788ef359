package dev.limpet.router.proxy;

import dev.limpet.router.routing.RouteDecider;
import dev.limpet.router.routing.RoutingDecision;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.persistence.IpAddresses;
import java.util.IdentityHashMap;
import java.util.Map;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's only Jetty handler: decides the node for each request and forwards it with Jetty's
 * {@link HttpClient} (a lean replacement for {@code ProxyHandler.Reverse}: same hop rules, no {@code Via}, no
 * per-request logging or URI rebuilding). Non-blocking, so Jetty may run it on the selector thread without a
 * hand-off. Thread-safe.
 */
public final class RouterHandler extends Handler.Abstract.NonBlocking {

    private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);

    private final HttpClient httpClient;
    private volatile Map<Node, Destination> destinations;
    private volatile RouteDecider decider;
    private volatile BackendFailures failures;
    private volatile int retries;
    private volatile boolean forwardedHeaders;
    private volatile ExchangeOptions options = ExchangeOptions.DEFAULTS;
    private volatile Tunnels tunnels;
    private volatile IpAddresses.Cidr[] trustedProxies = new IpAddresses.Cidr[0];

    /**
     * @param httpClient               the started client that talks to the backends
     * @param decider                  decides the node of each request; its registry gives the nodes
     * @param retries                  how many times a failed attempt is retried on another node, 0..5
     * @param passiveDownMillis        how long a node whose connection failed is taken out, in ms
     * @param forwardedHeaders         whether {@code X-Forwarded-*} headers are sent to backends
     */
    public RouterHandler(HttpClient httpClient, RouteDecider decider, int retries, long passiveDownMillis,
                         boolean forwardedHeaders) {
        this.httpClient = httpClient;
        this.destinations = destinations(httpClient, decider.registry());
        this.decider = decider;
        this.failures = new BackendFailures(passiveDownMillis);
        this.retries = retries;
        this.forwardedHeaders = forwardedHeaders;
    }

    /**
     * Replaces the routing settings of a live router (configuration reload, nodes added or removed): requests
     * already decided finish as decided; later ones, and retries, use the new settings. Connection pools of
     * nodes that stay are kept.
     *
     * @param decider           the new decider; its registry gives the nodes
     * @param retries           how many times a failed attempt is retried on another node, 0..5
     * @param passiveDownMillis how long a node whose connection failed is taken out, in ms
     * @param forwardedHeaders  whether {@code X-Forwarded-*} headers are sent to backends
     */
    public void reconfigure(RouteDecider decider, int retries, long passiveDownMillis, boolean forwardedHeaders) {
        this.destinations = destinations(httpClient, decider.registry());
        this.failures = new BackendFailures(passiveDownMillis);
        this.retries = retries;
        this.forwardedHeaders = forwardedHeaders;
        this.decider = decider;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            JettyClientRequest view = new JettyClientRequest(request);
            RoutingDecision decision = decider.decide(view, null);
            observe(request, view, decision);
            if (decision.node() == null) {
                RefusalResponses.write(request, response, callback, decision, options());
            } else {
                new ProxyExchange(this, request, response, callback, view, decision, 0).send();
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot route request [{} {}]", request.getMethod(), request.getHttpURI().getPath(), e);
            if (!response.isCommitted()) {
                PlainResponses.write(request, response, callback, HttpStatus.BAD_GATEWAY_502, options());
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    /**
     * Counts the request's session key for drain reporting and records its {@link RouteTrace}, as the
     * {@link ExchangeOptions} ask.
     */
    private void observe(Request request, JettyClientRequest view, RoutingDecision decision) {
        ExchangeOptions o = options;
        if (o.sightings() != null && decision.pinnedBy() != null && decision.node() != null) {
            o.sightings().seen(view, decision.pinnedBy(), decision.previousRoute() != null
                    ? decision.previousRoute() : decision.node().route());
        }
        if (o.trace() || o.routeHeader()) {
            request.setAttribute(RouteTrace.ATTRIBUTE, new RouteTrace(decision, decider.registry()));
        }
    }

    /**
     * Sets the operational options; call once before the server starts (default {@link ExchangeOptions#DEFAULTS}).
     *
     * @param options the retry rules, route header, tracing and router-cookie counting
     */
    public void setOptions(ExchangeOptions options) {
        this.options = options;
    }

    /**
     * Forwards {@code Upgrade} requests and splices their connections after a {@code 101}; call once before the
     * server starts. Without it (the default) {@code Upgrade} is dropped as a hop-by-hop header.
     *
     * @param tunnels opens the tunnels, or {@code null} to forward no upgrades
     */
    public void setTunnels(Tunnels tunnels) {
        this.tunnels = tunnels;
    }

    /**
     * Sets the peers whose forwarding headers are passed on ({@code trustedProxies}); call once before the server
     * starts. Default none: every client's {@code Forwarded}, {@code X-Forwarded-*} and {@code X-Real-IP} are
     * dropped or replaced.
     *
     * @param trustedProxies CIDR prefixes
     */
    public void setTrustedProxies(java.util.List<IpAddresses.Cidr> trustedProxies) {
        this.trustedProxies = trustedProxies.toArray(new IpAddresses.Cidr[0]);
    }

    /** @return whether the request's remote address (after the PROXY protocol, if any) is a trusted proxy */
    boolean isTrustedPeer(Request request) {
        IpAddresses.Cidr[] trusted = trustedProxies;
        if (trusted.length == 0) {
            return false;
        }
        byte[] peer = IpAddresses.parse(Request.getRemoteAddr(request));
        if (peer == null) {
            return false;
        }
        for (IpAddresses.Cidr cidr : trusted) {
            if (cidr.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    Tunnels tunnels() {
        return tunnels;
    }

    ExchangeOptions options() {
        return options;
    }

    HttpClient httpClient() {
        return httpClient;
    }

    /**
     * Resolves every node's {@link Destination} (its connection pool) once, so requests skip the client's
     * per-request origin lookup. Destinations are never evicted (destination idle timeout 0).
     */
    private static Map<Node, Destination> destinations(HttpClient client, NodeRegistry registry) {
        Map<Node, Destination> map = new IdentityHashMap<>();
        for (Node node : registry.nodes()) {
            map.put(node, client.resolveDestination(client.newRequest(node.baseUri())));
        }
        return map;
    }

    /** @return the connection pool of a node (resolved now for a node added since the last reconfiguration) */
    Destination destination(Node node) {
        Destination destination = destinations.get(node);
        return destination != null ? destination : httpClient.resolveDestination(httpClient.newRequest(node.baseUri()));
    }

    RouteDecider decider() {
        return decider;
    }

    BackendFailures failures() {
        return failures;
    }

    int retries() {
        return retries;
    }

    boolean forwardedHeaders() {
        return forwardedHeaders;
    }
}
