package dev.limpet.router.config;

import dev.limpet.router.config.Constraints.Within;
import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/**
 * One backend node of the farm: an entry of {@code backends}, bound key by key (each component is the key of its
 * name, with its {@link Default}), or a node added through the admin API. Immutable and thread-safe.
 *
 * @param route  the node's route (Tomcat {@code jvmRoute}): matches {@code [A-Za-z0-9_-]{1,64}} and is unique
 * @param url    the node's base URL, {@code http://host:port} or {@code https://host:port} (TLS to the node, see
 *               {@link BackendTlsConfig}); a path, query or fragment is not allowed
 * @param weight the balancing weight, 0..256 ({@code backends[].weight}); 0 takes no new sessions
 * @param state  the administrative state at start ({@code backends[].state})
 * @param backup whether the node is balanced to only when no non-backup node accepts new sessions
 *               ({@code backends[].backup}, HAProxy {@code backup})
 */
public record BackendConfig(
        @NotNull(message = "is required") String route,
        @NotNull(message = "is required") URI url,
        @Within(min = 0, max = Node.MAX_WEIGHT, unit = "weight") @Default("1") int weight,
        @Default("active") AdminState state,
        @Default("false") boolean backup) {

    /** An active, non-backup backend of weight 1. */
    public BackendConfig(String route, URI url) {
        this(route, url, 1, AdminState.ACTIVE, false);
    }

    /** @return the host name or address of {@link #url()} */
    public String host() {
        return url.getHost();
    }

    /** @return the port of {@link #url()}; when the URL names none, 443 for {@code https}, else 80 */
    public int port() {
        return url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
