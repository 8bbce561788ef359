package dev.limpet.router.config;

/**
 * Where nodes come from besides {@code backends}: the {@code discovery} keys, documented in {@code docs/router.md}
 * ("Backends that come and go"). Immutable and thread-safe.
 *
 * @param dns        {@code discovery.dns}, or {@code null}
 * @param kubernetes {@code discovery.kubernetes}, or {@code null}
 */
public record DiscoveryConfig(Dns dns, Kubernetes kubernetes) {

    /** @return no discovery */
    public static DiscoveryConfig none() {
        return new DiscoveryConfig(null, null);
    }

    /** @return whether any source is configured */
    public boolean any() {
        return dns != null || kubernetes != null;
    }

    /**
     * A DNS name re-resolved every {@code intervalSeconds}; each address is a node.
     *
     * @param name            {@code discovery.dns.name}: the name whose A/AAAA records list the nodes
     * @param port            {@code discovery.dns.port}: the nodes' HTTP port, 1..65535
     * @param intervalSeconds {@code discovery.dns.intervalSeconds}: seconds between resolutions, 1..3600, default 10
     * @param routePrefix     {@code discovery.dns.routePrefix}: a node's route is this, {@code -}, and its address
     *                        with {@code .} and {@code :} as {@code -} (default: the name's first label)
     */
    public record Dns(String name, int port, long intervalSeconds, String routePrefix) {
    }

    /**
     * The EndpointSlices of a Kubernetes Service, watched.
     *
     * @param namespace {@code discovery.kubernetes.namespace}, or {@code null} for the client's namespace
     * @param service   {@code discovery.kubernetes.service}: the Service's name
     * @param portName  {@code discovery.kubernetes.port}: the port's name in the slices, or {@code null} for the
     *                  first port
     */
    public record Kubernetes(String namespace, String service, String portName) {
    }
}
