package dev.limpet.store.memcached;

import dev.limpet.core.config.HostPort;
import dev.limpet.core.config.QueryStrings;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed settings of a memcached store URI:
 * <pre>memcached://host1:11211,host2:11211[?backup=true&amp;connectTimeoutMillis=1000&amp;healIntervalMillis=1000]</pre>
 * <ul>
 *   <li>nodes — one or more {@code host:port} (port defaults to 11211; IPv6 as {@code [::1]:11211}), no duplicates;
 *       the order does not matter (Ketama hashes the {@code host:port} text).</li>
 *   <li>{@code backup} — write a backup copy of every entry to the next node of the ring and read it when the
 *       primary misses; default {@code true}; ignored with a single node.</li>
 *   <li>{@code connectTimeoutMillis} — TCP connect timeout, 1..60000, default the operation timeout.</li>
 *   <li>{@code healIntervalMillis} — how often xmemcached retries a lost node, 100..60000, default 1000.</li>
 * </ul>
 * One connection per node and client: xmemcached pipelines on it, and a put relies on memcached answering one
 * connection's commands in order (see {@link MemcachedStoreBackend#put}).
 * The same names are accepted in {@link StoreOptions#properties()}; a URI parameter wins. The operation timeout
 * (xmemcached {@code opTimeout}) is {@link StoreOptions#operationTimeoutMillis()}.
 *
 * @param nodes              the configured nodes, in URI order
 * @param backup             whether backup copies are written and read
 * @param opTimeoutMillis    xmemcached's per-operation timeout, milliseconds
 * @param connectTimeoutMillis TCP connect timeout, milliseconds
 * @param healIntervalMillis reconnect interval for lost nodes, milliseconds
 */
record MemcachedStoreConfig(List<InetSocketAddress> nodes, boolean backup, long opTimeoutMillis,
                            long connectTimeoutMillis, long healIntervalMillis) {

    /** The URI scheme, with its separator. */
    static final String SCHEME = "memcached://";
    private static final int DEFAULT_PORT = 11211;

    /**
     * @param options the store options
     * @return the parsed configuration
     * @throws StoreException listing every bad part of the URI or properties at once
     */
    static MemcachedStoreConfig parse(StoreOptions options) throws StoreException {
        String uri = options.storeUri();
        if (!uri.startsWith(SCHEME)) {
            throw new StoreException("not a memcached URI: must start with [" + SCHEME + "]");
        }
        String rest = uri.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String hosts = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> params = new HashMap<>(options.properties());
        List<String> errors = new ArrayList<>();
        if (q >= 0) {
            parseQuery(rest.substring(q + 1), params, errors);
        }
        List<InetSocketAddress> nodes = parseNodes(hosts, errors);
        long connect = number(params, "connectTimeoutMillis", options.operationTimeoutMillis(), 1, 60_000, errors);
        long heal = number(params, "healIntervalMillis", 1000, 100, 60_000, errors);
        boolean backup = bool(params, "backup", errors);
        if (!errors.isEmpty()) {
            throw new StoreException("bad memcached store settings: " + String.join("; ", errors));
        }
        return new MemcachedStoreConfig(List.copyOf(nodes), backup && nodes.size() > 1,
                options.operationTimeoutMillis(), connect, heal);
    }

    private static void parseQuery(String query, Map<String, String> params, List<String> errors) {
        for (QueryStrings.Parameter pair : QueryStrings.parse(query)) {
            if (pair.rawValue() == null || pair.rawName().isEmpty()) {
                errors.add("parameter [" + pair.raw() + "] has no value");
                continue;
            }
            try {
                params.put(pair.name(), pair.value());
            } catch (IllegalArgumentException e) {
                errors.add("parameter [" + pair.rawName() + "] has a bad percent-escape");
            }
        }
    }

    private static List<InetSocketAddress> parseNodes(String hosts, List<String> errors) {
        Set<InetSocketAddress> nodes = new LinkedHashSet<>();
        for (String node : hosts.split(",")) {
            String text = node.trim();
            if (text.isEmpty()) {
                continue;
            }
            InetSocketAddress address = parseNode(text, errors);
            if (address != null && !nodes.add(address)) {
                errors.add("node [" + text + "] is listed twice");
            }
        }
        if (nodes.isEmpty() && errors.isEmpty()) {
            errors.add("no memcached node given");
        }
        return new ArrayList<>(nodes);
    }

    private static InetSocketAddress parseNode(String text, List<String> errors) {
        HostPort node;
        try {
            node = HostPort.parse(text, DEFAULT_PORT, 1);
        } catch (IllegalArgumentException e) {
            errors.add("node [" + text + "] is not host:port");
            return null;
        }
        InetSocketAddress address = new InetSocketAddress(node.host(), node.port());
        if (address.isUnresolved()) {
            errors.add("node [" + text + "]: unknown host");
            return null;
        }
        return address;
    }

    private static long number(Map<String, String> params, String name, long dflt, long min, long max,
                               List<String> errors) {
        String text = params.get(name);
        if (text == null) {
            return dflt;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(name + " must be " + min + ".." + max + ", was [" + text + "]");
        return dflt;
    }

    private static boolean bool(Map<String, String> params, String name, List<String> errors) {
        String text = params.getOrDefault(name, "true").trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            errors.add(name + " must be true or false, was [" + text + "]");
        }
        return !text.equalsIgnoreCase("false");
    }
}
