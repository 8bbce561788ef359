package dev.limpet.router;

import dev.limpet.router.accesslog.AccessLogWriter;
import dev.limpet.router.accesslog.RouterRequestLog;
import dev.limpet.router.admin.AdminActions;
import dev.limpet.router.admin.AdminServer;
import dev.limpet.router.config.OperationsConfig;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.metrics.RouterMetrics;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeSessions;
import dev.limpet.router.node.PinnedSessionCounter;
import dev.limpet.router.node.SessionSightings;
import dev.limpet.router.proxy.ExchangeOptions;
import dev.limpet.router.proxy.RouterHandler;
import dev.limpet.router.table.SessionTable;
import dev.limpet.router.table.SessionTableMetrics;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the operational half of the router (issue 5): drain accounting (router cookies seen, session-table
 * pins), metrics, the access log, {@code X-Limpet-Route}, the retry rules and the admin listener. Router-cookie
 * counting and metrics run only with the admin listener (their only readers besides
 * {@link LimpetRouter#nodeSessions()}); the per-request trace only with the admin listener, the access log or
 * the route header, so the default request path is unchanged.
 * A managed bean of the router's server: started (the admin listener binds) and stopped with it.
 */
final class RouterOperations extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(RouterOperations.class);

    private final OperationsConfig config;
    private final NodeRegistry registry;
    private final NodeSessions sessions;
    private final RouterMetrics metrics;
    private final AccessLogWriter accessLog;
    private final SessionSightings sightings;
    private final boolean trace;
    private AdminServer admin;
    private AdminActions actions;

    private RouterOperations(OperationsConfig config, NodeRegistry registry, NodeSessions sessions,
                             RouterMetrics metrics, AccessLogWriter accessLog, SessionSightings sightings,
                             boolean trace) {
        this.config = config;
        this.registry = registry;
        this.sessions = sessions;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.sightings = sightings;
        this.trace = trace;
    }

    /**
     * Sets the handler's options and the server's request log; call before the server starts.
     *
     * @param routerConfig the configuration
     * @param registry     the nodes
     * @param handler      the router's handler
     * @param server       the router's server (not started)
     * @param clock        the time source of drain accounting
     * @param table        the session table (its pins count towards the sessions a node holds), or {@code null}
     * @return the wired operations
     * @throws IOException if the access log file cannot be opened
     */
    static RouterOperations create(RouterConfig routerConfig, NodeRegistry registry, RouterHandler handler,
                                   Server server, InstantSource clock, SessionTable table) throws IOException {
        OperationsConfig config = routerConfig.operations();
        SessionSightings sightings = new SessionSightings(config.drainIdleSeconds(),
                config.drainMaxTrackedSessions(), clock);
        List<PinnedSessionCounter> counters = new ArrayList<>(List.of(sightings));
        if (table != null) {
            counters.add(route -> table.pinnedSessions(route, config.drainIdleSeconds()));
        }
        NodeSessions sessions = new NodeSessions(counters);
        RouterMetrics metrics = config.admin().enabled()
                ? new RouterMetrics(registry, sessions, methodNames(routerConfig),
                        table == null ? null : () -> table.stats().size()) : null;
        AccessLogWriter accessLog = config.accessLog().enabled() ? new AccessLogWriter(config.accessLog()) : null;
        if (metrics != null && accessLog != null) {
            CounterWithCallback.builder().name("limpet_router_access_log_dropped")
                    .help("Access log entries dropped because the writer fell behind")
                    .callback(cb -> cb.call(accessLog.dropped())).register(metrics.registry());
        }
        if (metrics != null && table != null) {
            SessionTableMetrics.register(metrics.registry(), table);
        }
        boolean trace = metrics != null || accessLog != null;
        RouterOperations operations = new RouterOperations(config, registry, sessions, metrics, accessLog,
                config.admin().enabled() ? sightings : null, trace);
        operations.reconfigure(routerConfig, handler);
        if (trace) {
            server.setRequestLog(new RouterRequestLog(metrics, accessLog));
        }
        return operations;
    }

    /**
     * Applies the reloadable operations keys ({@code retryOn}, {@code routeHeader}) and the admin token of
     * {@code next} (a configuration reload); drain accounting, metrics and the access log carry on.
     *
     * @param next    the new configuration
     * @param handler the router's handler
     */
    void reconfigure(RouterConfig next, RouterHandler handler) {
        OperationsConfig o = next.operations();
        handler.setOptions(new ExchangeOptions(o.retryOnConnectFailure(), o.retryOnIdempotent(), o.routeHeader(),
                trace, sightings));
        if (admin != null) {
            admin.setToken(o.admin().token());
        }
    }

    /** @param actions what the admin API's {@code POST /reload} and node changes call; set before start */
    void setActions(AdminActions actions) {
        this.actions = actions;
    }

    private static Set<String> methodNames(RouterConfig config) {
        Set<String> names = new LinkedHashSet<>(config.persistence());
        config.persistenceClasses().forEach(c -> names.addAll(c.methodNames()));
        return names;
    }

    /** Starts the admin listener when configured. @throws Exception if it cannot bind */
    @Override
    protected void doStart() throws Exception {
        if (config.admin().enabled()) {
            admin = new AdminServer(config.admin(), registry, sessions, metrics, actions);
            LOG.info("admin API listening on [{}:{}], mutations {}", config.admin().host(), admin.port(),
                    config.admin().token() == null ? "disabled (no token)" : "need the bearer token");
        }
    }

    /** @return the admin listener's bound port, or -1 when there is none */
    int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** @return the sessions each node still holds */
    NodeSessions sessions() {
        return sessions;
    }

    @Override
    protected void doStop() {
        if (admin != null) {
            try {
                admin.close();
            } catch (Exception e) {
                LOG.warn("error while stopping the admin listener", e);
            }
        }
        if (accessLog != null) {
            accessLog.close();
        }
    }
}
