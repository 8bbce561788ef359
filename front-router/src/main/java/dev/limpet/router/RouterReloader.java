package dev.limpet.router;

import dev.limpet.router.balance.Balancers;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.config.TlsConfig;
import dev.limpet.router.lifecycle.RestartOnlyKeys;
import dev.limpet.router.node.HealthChecker;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.proxy.RouterHandler;
import dev.limpet.router.routing.PersistenceSetup;
import dev.limpet.router.routing.RouteDecider;
import dev.limpet.router.table.SessionTable;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new configuration to a running router without dropping a connection, a pin, the session table or
 * drain state (SIGHUP, admin {@code POST /reload}, {@link LimpetRouter#reload}): the backend list is merged into
 * the {@link NodeRegistry} (kept nodes keep their health, in-flight exchanges and run-time state), the persistence
 * classes, methods and key rings (a rotated secret) are rebuilt around the same session table, the balancer is
 * rebuilt, the retry rules, route header, health checks and admin token are replaced, and the listener's TLS key
 * store is re-read. Requests already decided finish as decided. A configuration that changes a restart-only key
 * ({@link RestartOnlyKeys}) is refused as a whole. Also owns the health checker, which a reload replaces.
 *
 * <p>Thread-safe: reloads are serialised.
 */
final class RouterReloader {

    private static final Logger LOG = LoggerFactory.getLogger(RouterReloader.class);

    private final NodeRegistry registry;
    private final RouterHandler handler;
    private final RouterOperations operations;
    private final SessionTable table;
    private final HttpClient client;
    private final ServerConnector connector;
    private final InstantSource clock;
    private volatile RouterConfig config;
    private HealthChecker healthChecker;

    RouterReloader(RouterConfig config, NodeRegistry registry, RouterHandler handler, RouterOperations operations,
                   SessionTable table, HttpClient client, ServerConnector connector, InstantSource clock) {
        this.config = config;
        this.registry = registry;
        this.handler = handler;
        this.operations = operations;
        this.table = table;
        this.client = client;
        this.connector = connector;
        this.clock = clock;
    }

    /** @return the configuration now in force */
    RouterConfig config() {
        return config;
    }

    /** Builds the decider for {@code next} around the shared registry and session table. */
    RouteDecider newDecider(RouterConfig next) {
        return PersistenceSetup.newDecider(next, registry, table,
                Balancers.create(next.operations().balance(), registry), clock);
    }

    /**
     * Applies {@code next}.
     *
     * @param next a validated configuration
     * @return a one-line summary of what changed, for the log and the admin API
     * @throws ConfigException listing every restart-only key it changes; nothing is applied then
     */
    synchronized String reload(RouterConfig next) throws ConfigException {
        List<String> problems = RestartOnlyKeys.changed(config, next);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        reloadTls(next);
        NodeRegistry.Changes changes = registry.update(config.backends(), next.backends());
        rebuildRouting(next);
        operations.reconfigure(next, handler);
        startHealthChecks(next);
        config = next;
        String summary = "nodes " + registry.nodes() + "; added " + changes.added() + ", replaced "
                + changes.changed() + ", removed " + changes.removed();
        LOG.info("configuration reloaded: {}", summary);
        return summary;
    }

    /** Rebuilds the decider and balancer for the current node set (after a reload or an admin add/del). */
    synchronized void rebuildRouting(RouterConfig next) {
        handler.reconfigure(newDecider(next), next.retries(), next.timeouts().passiveDownMillis(),
                next.forwardedHeaders());
    }

    /** Nodes were added or removed at run time: rebuilds routing and restarts health checks for the new set. */
    synchronized void membershipChanged() {
        rebuildRouting(config);
        startHealthChecks(config);
    }

    /** Replaces the health checker (if any) with one for {@code next}'s {@code healthCheck}. */
    synchronized void startHealthChecks(RouterConfig next) {
        stopHealthChecks();
        if (next.healthCheck().enabled()) {
            healthChecker = new HealthChecker(registry, next.healthCheck(), client, client.getScheduler());
            healthChecker.start();
        }
    }

    synchronized void stopHealthChecks() {
        if (healthChecker != null) {
            healthChecker.stop();
            healthChecker = null;
        }
    }

    /** Re-reads the key store into the running listener; existing TLS connections keep their session. */
    private void reloadTls(RouterConfig next) throws ConfigException {
        SslConnectionFactory ssl = connector.getConnectionFactory(SslConnectionFactory.class);
        if (ssl == null || next.tls().isEmpty()) {
            return;
        }
        TlsConfig tls = next.tls().get();
        try {
            ssl.getSslContextFactory().reload(f -> {
                f.setKeyStorePath(tls.keyStoreFile().toString());
                f.setKeyStorePassword(tls.keyStorePassword());
                f.setCertAlias(tls.defaultAlias());
            });
        } catch (Exception e) {
            throw new ConfigException(List.of("tls.keyStoreFile: cannot reload [" + tls.keyStoreFile() + "]: "
                    + e.getMessage()));
        }
    }
}
