package dev.limpet.router.discovery;

import dev.limpet.core.route.RouteCodec;
import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.DiscoveryConfig;
import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes discovery ({@code discovery.kubernetes}): watches the EndpointSlices of a Service (label
 * {@code kubernetes.io/service-name}) with a fabric8 informer, and keeps one node per endpoint:
 * <ul>
 *   <li>route = the endpoint's pod name ({@code targetRef.name}, else its {@code hostname}): run Tomcat with
 *       {@code jvmRoute} = the pod name and {@code jsessionid} pins work unchanged (see docs/kubernetes.md);</li>
 *   <li>URL = {@code http://<first address>:<port>}, the port named {@code discovery.kubernetes.port} or the
 *       slice's first;</li>
 *   <li>{@code ready} → {@code active}; {@code terminating} but still {@code serving} → {@code draining} (its
 *       sticky users stay, it gets no new ones: the pod is shutting down gracefully); not ready and not
 *       terminating → {@code disabled} (users move, as if it were down); gone, or terminating and no longer
 *       serving → removed (its users move). Conditions left out count as Kubernetes documents: {@code ready}
 *       and {@code serving} true, {@code terminating} false.</li>
 * </ul>
 * The state is set only when the slice's conditions change it, so a drain set through the admin API is not undone
 * by an unrelated update. Nodes from {@code backends} or the admin API are never touched. Thread-safe: informer
 * events are serialised on this object.
 */
public final class KubernetesDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesDiscovery.class);
    /** How often the informer re-lists everything, in milliseconds, besides watching. */
    private static final long RESYNC_MILLIS = 60_000;

    private final DiscoveryConfig.Kubernetes config;
    private final KubernetesClient client;
    private final NodeMembership nodes;
    private final Map<String, Target> applied = new HashMap<>();
    private final SharedIndexInformer<EndpointSlice> informer;

    /** What the slices say about one node. */
    private record Target(URI url, AdminState state) {
    }

    /**
     * Starts watching; the first list is applied before this returns.
     *
     * @param config the Service to watch
     * @param client a Kubernetes client (closed with this discovery)
     * @param nodes  the router's nodes
     */
    public KubernetesDiscovery(DiscoveryConfig.Kubernetes config, KubernetesClient client, NodeMembership nodes) {
        this.config = config;
        this.client = client;
        this.nodes = nodes;
        String namespace = config.namespace() != null ? config.namespace() : client.getNamespace();
        this.informer = client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel("kubernetes.io/service-name", config.service())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(EndpointSlice slice) {
                        sync();
                    }

                    @Override
                    public void onUpdate(EndpointSlice before, EndpointSlice after) {
                        sync();
                    }

                    @Override
                    public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
                        sync();
                    }
                }, RESYNC_MILLIS);
        LOG.info("Kubernetes discovery: watching the EndpointSlices of service [{}/{}]", namespace, config.service());
        sync();
    }

    /** Applies what every slice of the Service says now. */
    synchronized void sync() {
        if (informer == null) {
            return; // an event during construction; the constructor syncs once the informer is set
        }
        Map<String, Target> wanted = new LinkedHashMap<>();
        for (EndpointSlice slice : informer.getStore().list()) {
            Integer port = port(slice);
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                String route = route(endpoint);
                AdminState state = state(endpoint.getConditions());
                if (route != null && state != null && endpoint.getAddresses() != null
                        && !endpoint.getAddresses().isEmpty()) {
                    String host = endpoint.getAddresses().get(0);
                    wanted.put(route, new Target(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host)
                            + ":" + port), state));
                }
            }
        }
        for (String route : Set.copyOf(applied.keySet())) {
            Target was = applied.get(route);
            Target now = wanted.get(route);
            if (now == null || !now.url().equals(was.url())) {
                nodes.remove(route);
                applied.remove(route);
                LOG.info("Kubernetes discovery: endpoint [{}] {}: node removed", route, now == null ? "gone"
                        : "moved to " + now.url());
            }
        }
        wanted.forEach(this::apply);
    }

    private void apply(String route, Target target) {
        Target was = applied.get(route);
        if (was == null) {
            if (nodes.find(route) != null) {
                return; // configured in backends or added through the admin API: not ours
            }
            nodes.add(new BackendConfig(route, target.url(), 1, target.state(), false));
            LOG.info("Kubernetes discovery: endpoint [{}] at [{}] added, [{}]", route, target.url(),
                    target.state().configName());
        } else if (was.state() != target.state()) {
            Node node = nodes.find(route);
            if (node != null) {
                node.setAdminState(target.state());
                LOG.info("Kubernetes discovery: endpoint [{}] now [{}]", route, target.state().configName());
            }
        }
        applied.put(route, target);
    }

    private Integer port(EndpointSlice slice) {
        if (slice.getPorts() == null) {
            return null;
        }
        for (EndpointPort p : slice.getPorts()) {
            if (p.getPort() != null && (config.portName() == null || config.portName().equals(p.getName()))) {
                return p.getPort();
            }
        }
        return null;
    }

    private static String route(Endpoint endpoint) {
        String name = endpoint.getTargetRef() != null ? endpoint.getTargetRef().getName() : endpoint.getHostname();
        return name != null && RouteCodec.isValidRoute(name) ? name : null;
    }

    /** @return the node state the conditions ask for, or {@code null} when the endpoint is to be removed */
    static AdminState state(EndpointConditions c) {
        boolean ready = c == null || c.getReady() == null || c.getReady();
        boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
        boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
        if (terminating) {
            return serving ? AdminState.DRAINING : null;
        }
        return ready ? AdminState.ACTIVE : AdminState.DISABLED;
    }

    @Override
    public void close() {
        informer.close();
        client.close();
    }
}
