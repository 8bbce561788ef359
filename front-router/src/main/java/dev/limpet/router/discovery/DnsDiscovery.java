package dev.limpet.router.discovery;

import dev.limpet.router.config.BackendConfig;
import dev.limpet.router.config.DiscoveryConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS discovery ({@code discovery.dns}): the name is resolved at start and every {@code intervalSeconds}; each
 * address is a node on {@code port}, with the route {@code routePrefix-<address>} ({@code .} and {@code :} written
 * {@code -}, e.g. {@code tomcat-10-0-0-5}). An address that appears becomes an active node of weight 1; one that
 * disappears is removed (its pinned users move). A failed resolution keeps the nodes as they are (logged once per
 * outage). Nodes from {@code backends} or the admin API are never touched. Resolution goes through
 * {@link InetAddress#getAllByName}, so the JVM's own DNS cache applies ({@code networkaddress.cache.ttl}, 30 s by
 * default). Thread-safe: refreshes run on one daemon thread.
 */
public final class DnsDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsDiscovery.class);

    /** Resolves a name to its addresses, {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @param name a DNS name
         * @return its addresses
         * @throws UnknownHostException if it does not resolve
         */
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    private final DiscoveryConfig.Dns config;
    private final NodeMembership nodes;
    private final Resolver resolver;
    private final Set<String> discovered = new HashSet<>();
    private final ScheduledExecutorService timer;
    private boolean failing;

    /**
     * Resolves once (so the router starts with the nodes) and schedules the next resolutions.
     *
     * @param config   the DNS source
     * @param nodes    the router's nodes
     * @param resolver the resolver, {@code InetAddress::getAllByName}
     */
    public DnsDiscovery(DiscoveryConfig.Dns config, NodeMembership nodes, Resolver resolver) {
        this.config = config;
        this.nodes = nodes;
        this.resolver = resolver;
        refresh();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "limpet-dns-discovery");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, config.intervalSeconds(), config.intervalSeconds(),
                TimeUnit.SECONDS);
    }

    /** Resolves the name now and adds and removes nodes to match. */
    public synchronized void refresh() {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(config.name());
        } catch (UnknownHostException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("DNS discovery: cannot resolve [{}], keeping [{}] nodes: {}", config.name(),
                        discovered.size(), e.toString());
            }
            return;
        }
        failing = false;
        Map<String, URI> wanted = new LinkedHashMap<>();
        for (InetAddress address : addresses) {
            String host = address.getHostAddress();
            int scope = host.indexOf('%');
            host = scope < 0 ? host : host.substring(0, scope);
            String route = config.routePrefix() + "-" + host.replace('.', '-').replace(':', '-');
            wanted.put(route, URI.create("http://" + (address instanceof Inet6Address ? "[" + host + "]" : host)
                    + ":" + config.port()));
        }
        for (String route : Set.copyOf(discovered)) {
            if (!wanted.containsKey(route)) {
                nodes.remove(route);
                discovered.remove(route);
                LOG.info("DNS discovery: [{}] no longer lists node [{}]: removed", config.name(), route);
            }
        }
        wanted.forEach((route, url) -> {
            if (!discovered.contains(route) && nodes.find(route) == null) {
                nodes.add(new BackendConfig(route, url));
                discovered.add(route);
                LOG.info("DNS discovery: [{}] lists node [{}] at [{}]: added", config.name(), route, url);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
