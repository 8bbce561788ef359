package dev.limpet.router;

import dev.limpet.router.balance.Balancers;
import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.discovery.Discoveries;
import dev.limpet.router.lifecycle.ConfigSource;
import dev.limpet.router.lifecycle.GracefulRequests;
import dev.limpet.router.lifecycle.InFlightWork;
import dev.limpet.router.lifecycle.NodeStateFile;
import dev.limpet.router.lifecycle.SharedNodeStates;
import dev.limpet.router.lifecycle.StopReport;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeSessions;
import dev.limpet.router.proxy.RouterHandler;
import dev.limpet.router.proxy.Tunnels;
import dev.limpet.router.routing.PersistenceSetup;
import dev.limpet.router.routing.RouteDecider;
import dev.limpet.router.table.SessionTable;
import java.io.IOException;
import java.security.GeneralSecurityException;
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
 * (docs/architecture.md §3).
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
    private final NodeRegistry registry;
    private final RouterReloader reloader;
    private final RouterStopper stopper;
    private volatile ConfigSource configSource;

    /** How often routers sharing a Redis session table read each other's node states, in milliseconds. */
    static final long SHARED_STATE_POLL_MILLIS = 1000;

    private LimpetRouter(Server server, ServerConnector connector, NodeRegistry registry, RouterReloader reloader) {
        this.server = server;
        this.connector = connector;
        this.registry = registry;
        this.reloader = reloader;
        this.stopper = new RouterStopper(server, server.getBean(InFlightWork.class), reloader);
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
        HttpClient client = null;
        try {
            client = newHttpClient(config, threads);
            client.start();
            client.getContentDecoderFactories().clear();
            client.getProtocolHandlers().clear();
            server.addBean(client, true);
            NodeRegistry registry = new NodeRegistry(config.backends());
            NodeStateFile stateFile = config.lifecycle().stateFile() == null ? null
                    : new NodeStateFile(config.lifecycle().stateFile());
            if (stateFile != null) {
                stateFile.restore(registry);
            }
            ServerConnector connector = newConnector(server, config);
            server.addConnector(connector);
            RouterHandler handler = new RouterHandler(client, newDecider(config, registry, clock, server),
                    config.retries(), config.timeouts().passiveDownMillis(), config.forwardedHeaders());
            handler.setTrustedProxies(config.edge().trustedProxies());
            if (config.edge().tunnelsEnabled()) {
                handler.setTunnels(new Tunnels(config.edge(), threads));
            }
            InFlightWork work = new InFlightWork();
            server.addBean(work, false);
            server.setHandler(new GracefulRequests(ListenerEdge.withMinimumBodyRate(
                    config.sessionTable().redis() == null ? handler : new SharedTableHandler(handler), config), work));
            ListenerEdge.guard(connector, server, config);
            RouterOperations operations = newOperations(config, registry, handler, server, clock);
            server.addBean(operations, true);
            RouterReloader reloader = new RouterReloader(config, registry, handler, operations,
                    server.getBean(SessionTable.class), client, connector, clock);
            SharedNodeStates shared = config.sessionTable().redis() == null || !config.operations().admin().enabled()
                    ? null : new SharedNodeStates(config.sessionTable().redis(), registry, SHARED_STATE_POLL_MILLIS,
                            () -> RouterControls.save(stateFile, registry));
            if (shared != null) {
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStopped(LifeCycle event) {
                        shared.close();
                    }
                });
            }
            LimpetRouter router = new LimpetRouter(server, connector, registry, reloader);
            RouterControls controls = new RouterControls(router, stateFile, shared);
            operations.setActions(controls);
            ErrorHandler errors = new ErrorHandler();
            errors.setShowStacks(false);
            errors.setShowMessageInTitle(false);
            server.setErrorHandler(errors);
            server.start();
            reloader.startHealthChecks(config);
            if (config.discovery().any()) {
                Discoveries discoveries = Discoveries.start(config.discovery(), controls);
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStopping(LifeCycle event) {
                        discoveries.close();
                    }
                });
            }
            LOG.info("router listening on [{}:{}], backends {}, persistence {}", config.listenHost(),
                    connector.getLocalPort(), registry.nodes(), config.persistence());
            return router;
        } catch (Exception e) {
            stopQuietly(server);
            if (client != null) {
                stopQuietly(client);
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new RouterStartException("cannot start router on [" + config.listenHost() + ":"
                    + config.listenPort() + "]: " + e.getMessage() + (root == e ? "" : " (" + root + ")"), e);
        }
    }

    private static HttpClient newHttpClient(RouterConfig config, QueuedThreadPool threads) throws IOException,
            GeneralSecurityException {
        ClientConnector clientConnector = new ClientConnector();
        clientConnector.setSslContextFactory(BackendTls.contextFactory(config.backendTls()));
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

    /**
     * Stops gracefully within {@code lifecycle.stopGraceMillis}; see {@link #stop(long)}. Idempotent.
     *
     * @return what had to be cut
     */
    public StopReport stop() {
        return stop(reloader.config().lifecycle().stopGraceMillis());
    }

    /**
     * Stops gracefully: stops accepting connections and health checks, lets the requests in flight and the open
     * tunnels finish for at most {@code graceMillis} (new requests on connections already open are still served,
     * answered with {@code Connection: close}), then closes everything. Idempotent: later calls wait for and
     * return the first stop's report.
     *
     * @param graceMillis the longest wait, in milliseconds; 0 closes at once
     * @return what was still in flight when the router closed (nothing when the stop was clean)
     */
    public StopReport stop(long graceMillis) {
        return stopper.stop(graceMillis);
    }

    /** @return the report of the stop, or {@code null} while the router has not been stopped */
    public StopReport stopReport() {
        return stopper.report();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Applies a new configuration without dropping a connection, a pin, the session table or drain state (see
     * {@code docs/router.md}, "Reload").
     *
     * @param next a validated configuration
     * @return a one-line summary of what changed
     * @throws ConfigException listing every key that needs a restart; nothing is applied then
     */
    public String reload(RouterConfig next) throws ConfigException {
        return reloader.reload(next);
    }

    /**
     * Re-reads the configuration from the {@linkplain #setConfigSource source} and applies it (SIGHUP, admin
     * {@code POST /reload}).
     *
     * @return a one-line summary of what changed
     * @throws ConfigException listing every problem of the file, or every key that needs a restart; the running
     *                         configuration stays
     */
    public String reload() throws ConfigException {
        ConfigSource source = configSource;
        if (source == null) {
            throw new ConfigException(java.util.List.of("this router was started from a configuration object, not a"
                    + " file: there is nothing to re-read"));
        }
        return reload(source.load());
    }

    /** @param source where {@link #reload()} re-reads the configuration, e.g. {@code () -> RouterConfig.fromFile(path)} */
    public void setConfigSource(ConfigSource source) {
        this.configSource = source;
    }

    /** @return what graceful stops wait for: requests in flight and open tunnels (tunnels join through it) */
    public InFlightWork inFlight() {
        return server.getBean(InFlightWork.class);
    }

    /**
     * Adds a node at run time (HAProxy {@code add server}; the admin API's {@code POST /nodes}, discovery): it
     * takes new sessions at once when active, and is health-checked like the others.
     *
     * @param backend the node
     * @return the new node
     * @throws IllegalArgumentException if a node with that route exists
     */
    public Node addNode(BackendConfig backend) {
        Node node = registry.add(backend);
        reloader.membershipChanged();
        return node;
    }

    /**
     * Removes a node at run time (HAProxy {@code del server}): its pinned users move as if it were down; requests
     * already sent to it finish.
     *
     * @param route the node's route
     * @return whether a node had that route
     */
    public boolean removeNode(String route) {
        boolean removed = registry.remove(route) != null;
        if (removed) {
            reloader.membershipChanged();
        }
        return removed;
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
