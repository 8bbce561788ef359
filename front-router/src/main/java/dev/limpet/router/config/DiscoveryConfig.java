package dev.limpet.router.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.limpet.router.config.Constraints.Within;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Where nodes come from besides {@code backends}: the {@code discovery} keys, documented in {@code docs/router.md}
 * ("Backends that come and go"), bound key by key (each component is the key of its name, with its {@link Default}).
 * Immutable and thread-safe.
 *
 * @param dns        {@code discovery.dns}, or {@code null}
 * @param kubernetes {@code discovery.kubernetes}, or {@code null}
 */
public record DiscoveryConfig(@Valid Dns dns, @Valid Kubernetes kubernetes) {

    private static final String DNS_NAME = "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
            + "[A-Za-z0-9])?)*\\.?";
    private static final String KUBE_NAME = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final String KUBE_MESSAGE = "must be a Kubernetes name (RFC 1123 label)";

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
     * @param intervalSeconds {@code discovery.dns.intervalSeconds}: seconds between resolutions, 1..3600
     * @param routePrefix     {@code discovery.dns.routePrefix}: a node's route is this, {@code -}, and its address
     *                        with {@code .} and {@code :} as {@code -}; {@code null} when bound stands for the
     *                        name's first label, which the validated configuration holds
     */
    public record Dns(
            @NotNull(message = "is required") @Pattern(regexp = DNS_NAME, message = "must be a DNS name") String name,
            @Within(min = 1, max = 65_535, unit = "port") @Default("80") int port,
            @Within(min = 1, max = 3600, unit = "s") @Default("10") long intervalSeconds,
            String routePrefix) {
    }

    /**
     * The EndpointSlices of a Kubernetes Service, watched.
     *
     * @param namespace {@code discovery.kubernetes.namespace}, or {@code null} for the client's namespace
     * @param service   {@code discovery.kubernetes.service}: the Service's name
     * @param portName  {@code discovery.kubernetes.port}: the port's name in the slices, or {@code null} for the
     *                  first port
     */
    public record Kubernetes(
            @Pattern(regexp = KUBE_NAME, message = KUBE_MESSAGE) String namespace,
            @NotNull(message = "is required") @Pattern(regexp = KUBE_NAME, message = KUBE_MESSAGE) String service,
            @JsonProperty("port") String portName) {
    }
}
