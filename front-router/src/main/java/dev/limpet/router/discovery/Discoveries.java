package dev.limpet.router.discovery;

import dev.limpet.router.config.DiscoveryConfig;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The running discovery sources of a router ({@code discovery}); closed when the router stops. Thread-safe. */
public final class Discoveries implements AutoCloseable {

    private final List<AutoCloseable> sources;

    private Discoveries(List<AutoCloseable> sources) {
        this.sources = sources;
    }

    /**
     * Starts every configured source; each adds its first nodes before this returns.
     *
     * @param config the discovery settings
     * @param nodes  the router's nodes
     * @return the running sources
     */
    public static Discoveries start(DiscoveryConfig config, NodeMembership nodes) {
        List<AutoCloseable> sources = new ArrayList<>();
        if (config.dns() != null) {
            sources.add(new DnsDiscovery(config.dns(), nodes, InetAddress::getAllByName));
        }
        if (config.kubernetes() != null) {
            // In a pod: the service account's token and the API server from the environment; elsewhere ~/.kube/config.
            sources.add(new KubernetesDiscovery(config.kubernetes(), new KubernetesClientBuilder().build(), nodes));
        }
        return new Discoveries(sources);
    }

    @Override
    public void close() {
        for (AutoCloseable source : sources) {
            try {
                source.close();
            } catch (Exception e) {
                // closing a watch or a timer; nothing left to do
            }
        }
    }
}
