package dev.limpet.router;

import dev.limpet.router.balance.Balancers;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.node.HealthChecker;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeSessions;
import dev.limpet.router.proxy.RouterHandler;
import dev.limpet.router.proxy.Tunnels;
import dev.limpet.router.routing.PersistenceSetup;
import dev.limpet.router.routing.RouteDecider;
import dev.limpet.router.table.SessionTable;
import java.io.IOException;
import java.time.InstantSource;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Limpet front router: a Jetty 12 core server whose one handler routes every request to a backend
 * node by the configured persistence methods and forwards it with Jetty's {@link HttpClient}
 * (DESIGN.md §3).
 *
 * <p>Server and client share one thread pool of {@code maxThreads} threads; the listener has one selector thread
 * that also accepts connections (no acceptor thread) and the backend client one more; the server sends no {@code Date},
 * {@code Server} or {@code X-Powered-By} header of its own. Use {@link #start(RouterConfig)} and
 * {@link #close()}:
 * <pre>{@code
 * try (LimpetRouter router = LimpetRouter.start(RouterConfig.fromYaml(yaml))) {
 *     int port = router.port();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LimpetRouter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LimpetRouter.class);

    /**
     * System property: {@code -Dlimpet.noInlineResume=true} makes the thread pool dispatch every task, as a
     * stock {@link QueuedThreadPool} does (see {@code RouterThreadPool}); an escape hatch, not a tuning knob.
     */
    public static final String NO_INLINE_RESUME_PROPERTY = "limpet.noInlineResume";

    private final Server server;
    private final ServerConnector connector;
    private final HealthChecker healthChecker;
    private final NodeRegistry registry;

    private LimpetRouter(Server server, ServerConnector connector, HealthChecker healthChecker,
                         NodeRegistry registry) {
        this.server = server;
        this.connector = connector;
        this.healthChecker = healthChecker;
        this.registry = registry;
    }

    /**
     * Starts a router with the system clock.
     *
     * @param config a validated configuration
     * @return the running router
     * @throws RouterStartException if it cannot start, e.g. the listen port is taken
     */
    public static LimpetRouter start(RouterConfig config) {
        return start(config, InstantSource.system());
    }

    /**
     * Starts a router with an explicit clock for affinity-token expiry (tests use a fixed clock).
     *
     * @param config a validated configuration
     * @param clock  the time source for token creation and expiry
     * @return the running router
     * @throws RouterStartException if it cannot start, e.g. the listen port is taken
     */
    public static LimpetRouter start(RouterConfig config, InstantSource clock) {
        QueuedThreadPool threads = new RouterThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()),
                !Boolean.getBoolean(NO_INLINE_RESUME_PROPERTY));
        threads.setName("limpet-router");
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        HttpClient client = newHttpClient(config, threads);
        try {
            client.start();
            client.getContentDecoderFactories().clear();
            client.getProtocolHandlers().clear();
            server.addBean(client, true);
            NodeRegistry registry = new NodeRegistry(config.backends());
            ServerConnector connector = newConnector(server, config);
            server.addConnector(connector);
            RouterHandler handler = new RouterHandler(client, newDecider(config, registry, clock, server),
                    config.retries(), config.timeouts().passiveDownMillis(), config.forwardedHeaders());
            handler.setTrustedProxies(config.edge().trustedProxies());
            if (config.edge().tunnelsEnabled()) {
                handler.setTunnels(new Tunnels(config.edge(), threads));
            }
            server.setHandler(ListenerEdge.withMinimumBodyRate(
                    config.sessionTable().redis() == null ? handler : new SharedTableHandler(handler), config));
            ListenerEdge.guard(connector, server, config);
            server.addBean(newOperations(config, registry, handler, server, clock), true);
            ErrorHandler errors = new ErrorHandler();
            errors.setShowStacks(false);
            errors.setShowMessageInTitle(false);
            server.setErrorHandler(errors);
            server.start();
            HealthChecker checker = null;
            if (config.healthCheck().enabled()) {
                checker = new HealthChecker(registry, config.healthCheck(), client, client.getScheduler());
                checker.start();
            }
            LOG.info("router listening on [{}:{}], backends {}, persistence {}", config.listenHost(),
                    connector.getLocalPort(), registry.nodes(), config.persistence());
            return new LimpetRouter(server, connector, checker, registry);
        } catch (Exception e) {
            stopQuietly(server);
            stopQuietly(client);
            throw new RouterStartException("cannot start router on [" + config.listenHost() + ":"
                    + config.listenPort() + "]: " + e.getMessage(), e);
        }
    }

    private static HttpClient newHttpClient(RouterConfig config, QueuedThreadPool threads) {
        ClientConnector clientConnector = new ClientConnector();
        clientConnector.setExecutor(threads);
        clientConnector.setSelectors(1);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(clientConnector);
        // Our response listeners never block: let the client's selector run them without a thread hand-off.
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        // Per-connection header caches cost more trie work than they save for proxied headers (measured).
        transport.setHeaderCacheSize(0);
        HttpClient client = new HttpClient(transport);
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setRedirectCache(null);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setConnectTimeout(config.timeouts().connectTimeoutMillis());
        client.setIdleTimeout(config.timeouts().backendIdleTimeoutMillis());
        client.setMaxConnectionsPerDestination(config.maxConnectionsPerBackend());
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, 4 * config.maxConnectionsPerBackend()));
        return client;
    }

    private static ServerConnector newConnector(Server server, RouterConfig config) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(false);
        http.setHeaderCacheSize(0);
        // No acceptor thread: the one selector accepts too (measured: a new connection then costs no hand-off from
        // a blocked accept() to the selector thread; -4 to -15 % router CPU per Connection: close request).
        ServerConnector connector = new ServerConnector(server, 0, 1, ListenerEdge.connectionFactories(config, http));
        connector.setHost(config.listenHost());
        connector.setPort(config.listenPort());
        connector.setIdleTimeout(config.timeouts().clientIdleTimeoutMillis());
        connector.setAcceptQueueSize(1024);
        return connector;
    }

    private static RouteDecider newDecider(RouterConfig config, NodeRegistry registry, InstantSource clock,
                                           Server server) {
        SessionTable table = PersistenceSetup.newSessionTable(config);
        server.addBean(table, false);
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
                table.close();
            }
        });
        return PersistenceSetup.newDecider(config, registry, table, Balancers.create(config.operations().balance(), registry), clock);
    }

    /** @return the session table of the learning persistence methods (its stats feed metrics) */
    public SessionTable sessionTable() {
        return server.getBean(SessionTable.class);
    }

    private static RouterOperations newOperations(RouterConfig config, NodeRegistry registry, RouterHandler handler,
                                                  Server server, InstantSource clock) throws IOException {
        return RouterOperations.create(config, registry, handler, server, clock,
                server.getBean(SessionTable.class));
    }

    /** @return the admin listener's bound port, or -1 when {@code admin} is not configured */
    public int adminPort() {
        return server.getBean(RouterOperations.class).adminPort();
    }

    /**
     * @return the sessions each node still holds (router cookies seen, session-table pins); router cookies are
     *         counted only when {@code admin} is configured
     */
    public NodeSessions nodeSessions() {
        return server.getBean(RouterOperations.class).sessions();
    }

    /** @return the bound port: the configured one, or the ephemeral one when {@code listen} gave port 0 */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return the nodes: health, administrative state and weight (the admin API changes the last two) */
    public NodeRegistry nodes() {
        return registry;
    }

    /** Stops health checks, the listener and the backend client; idempotent. */
    public void stop() {
        if (healthChecker != null) {
            healthChecker.stop();
        }
        stopQuietly(server);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Blocks until the router stops. @throws InterruptedException if interrupted while waiting */
    public void join() throws InterruptedException {
        server.join();
    }

    private static void stopQuietly(org.eclipse.jetty.util.component.LifeCycle component) {
        try {
            component.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping [{}]", component, e);
        }
    }
}
