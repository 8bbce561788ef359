package dev.limpet.router;

import dev.limpet.router.config.RouterConfig;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.ProxyConnectionFactory;

/**
 * The listener's whole stack of connection factories: {@link ListenerTls}'s (HTTP/1.1, optionally over TLS),
 * preceded by Jetty's {@link ProxyConnectionFactory} when {@code proxyProtocol} is on (it reads HAProxy's PROXY
 * protocol v1 or v2 header and makes the declared client address the request's remote address). Stateless.
 */
final class ListenerEdge {

    private ListenerEdge() {
    }

    /**
     * @param config the configuration
     * @param http   the HTTP configuration
     * @return the connection factories, outermost first
     */
    static ConnectionFactory[] connectionFactories(RouterConfig config, HttpConfiguration http) {
        ConnectionFactory[] inner = ListenerTls.connectionFactories(config, http);
        if (!config.edge().proxyProtocol()) {
            return inner;
        }
        ConnectionFactory[] all = new ConnectionFactory[inner.length + 1];
        all[0] = new ProxyConnectionFactory(inner[0].getProtocol());
        System.arraycopy(inner, 0, all, 1, inner.length);
        return all;
    }
}
