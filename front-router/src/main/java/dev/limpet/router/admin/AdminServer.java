package dev.limpet.router.admin;

import dev.limpet.router.config.AdminConfig;
import dev.limpet.router.metrics.RouterMetrics;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeSessions;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The admin listener: a separate Jetty server with its own small thread pool (so admin requests never compete
 * with, or block, the router's non-blocking request path), bound to {@code admin.listen} (loopback unless
 * {@code admin.allowRemote}), serving the {@link AdminHandler}. Thread-safe.
 */
public final class AdminServer implements AutoCloseable {

    private static final int THREADS = 6;

    private final Server server;
    private final ServerConnector connector;
    private final AdminHandler handler;

    /**
     * Starts the admin listener.
     *
     * @param config   enabled admin settings
     * @param nodes    the router's nodes
     * @param sessions the sessions each node holds
     * @param metrics  the router's metrics
     * @param actions  reload, open tunnels and node-change notification
     * @throws Exception if the listener cannot start (e.g. the port is taken)
     */
    public AdminServer(AdminConfig config, NodeRegistry nodes, NodeSessions sessions, RouterMetrics metrics,
                       AdminActions actions) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
        threads.setName("limpet-admin");
        threads.setReservedThreads(0);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        handler = new AdminHandler(nodes, sessions, metrics, new BearerAuth(config.token()),
                config.authenticateReads(), new HostCheck(config.host()), actions);
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
    }

    /** @param token the admin token after a reload, or {@code null} (the API becomes read-only) */
    public void setToken(String token) {
        handler.setAuth(new BearerAuth(token));
    }

    /** @return the bound port */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops the listener; idempotent. */
    @Override
    public void close() throws Exception {
        server.stop();
    }
}
