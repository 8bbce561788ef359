package dev.limpet.router;

import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.config.EdgeConfig;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
    /**
     * Adds the slow-client guards to the listener: the request-header deadline and the per-client connection cap,
     * as configured.
     *
     * @param connector the listener
     * @param server    the server (its scheduler runs the deadlines)
     * @param config    the configuration
     */
    static void guard(ServerConnector connector, Server server, RouterConfig config) {
        EdgeConfig edge = config.edge();
        if (edge.requestHeaderTimeoutMillis() > 0) {
            connector.addBean(new RequestHeaderDeadline(server.getScheduler(), edge.requestHeaderTimeoutMillis()));
        }
        if (edge.maxConnectionsPerClient() > 0) {
            connector.addBean(new PerClientConnectionLimit(edge.maxConnectionsPerClient()));
        }
    }

    /**
     * @param handler the router's handler
     * @param config  the configuration
     * @return the handler, wrapped in a {@link MinimumBodyRateHandler} when {@code minRequestBodyBytesPerSecond}
     *         is set (a request body read more slowly than that on average then fails, freeing its node connection)
     */
    static Handler withMinimumBodyRate(Handler handler, RouterConfig config) {
        long rate = config.edge().minRequestBodyBytesPerSecond();
        return rate > 0 ? new MinimumBodyRateHandler(handler, rate) : handler;
    }

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
