package dev.limpet.store.redis;

import dev.limpet.core.config.QueryStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Redis store URI. Forms (credentials percent-encoded; never logged; the credentials end at the
 * URI's last {@code @}, so an {@code @} in the master name is written {@code %40}):
 *
 * <pre>
 * redis://[user[:password]@]host[:port][/db]                      standalone, port 6379, db 0
 * rediss://…                                                       the same over TLS
 * redis-sentinel://[user[:password]@]h1[:p1],h2[:p2][/db]?master=NAME
 *                                                                  Sentinel, sentinel port 26379; the
 *                                                                  credentials are the master's
 * rediss-sentinel://…                                              master and sentinels over TLS
 * redis-cluster://[user[:password]@]h1[:p1],h2[:p2]                Cluster seed nodes, db must be 0
 * rediss-cluster://…                                               Cluster over TLS
 * </pre>
 *
 * Sentinels that need their own credentials take them from the store properties {@code sentinelUser} and
 * {@code sentinelPassword}. Immutable.
 *
 * @param mode     standalone, Sentinel or Cluster
 * @param tls      whether connections use TLS
 * @param user     the ACL user, or {@code null}
 * @param password the password, or {@code null}
 * @param hosts    host and port pairs, at least one
 * @param database the logical database, 0..15 (0 in Cluster mode)
 * @param master   the Sentinel master name, or {@code null}
 */
public record RedisUri(Mode mode, boolean tls, String user, String password, List<HostPort> hosts, int database,
                       String master) {

    /** How the servers are deployed. */
    public enum Mode {
        /** One server. */
        STANDALONE,
        /** A master found through Sentinels. */
        SENTINEL,
        /** A Redis Cluster. */
        CLUSTER
    }

    /**
     * @param host a host name or IP address (IPv6 without brackets)
     * @param port the TCP port, 1..65535
     */
    public record HostPort(String host, int port) {
    }

    private static final Map<String, Mode> SCHEMES = Map.of(
            "redis", Mode.STANDALONE, "rediss", Mode.STANDALONE, "redis-sentinel", Mode.SENTINEL,
            "rediss-sentinel", Mode.SENTINEL, "redis-cluster", Mode.CLUSTER, "rediss-cluster", Mode.CLUSTER);

    /**
     * @param uri a store URI
     * @return whether its scheme is one of the forms above
     */
    public static boolean isRedisUri(String uri) {
        int colon = uri == null ? -1 : uri.indexOf("://");
        return colon > 0 && SCHEMES.containsKey(uri.substring(0, colon));
    }

    /**
     * @param uri a store URI in one of the forms above
     * @return its parts
     * @throws IllegalArgumentException naming the problem (never echoing the password)
     */
    public static RedisUri parse(String uri) {
        if (!isRedisUri(uri)) {
            throw new IllegalArgumentException("not a Redis store URI; schemes: " + SCHEMES.keySet());
        }
        String scheme = uri.substring(0, uri.indexOf("://"));
        Mode mode = SCHEMES.get(scheme);
        String rest = uri.substring(scheme.length() + 3);
        String user = null;
        String password = null;
        // The credentials end at the last '@' of the whole URI, so that a password with an unencoded '?' or
        // '/' is never read as query or path and shown in an error message.
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
            user = user.isEmpty() ? null : user;
        }
        Map<String, String> query = query(rest);
        rest = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        String path = rest.contains("/") ? rest.substring(rest.indexOf('/') + 1) : "";
        String authority = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        int database = database(path);
        int defaultPort = mode == Mode.SENTINEL ? 26379 : 6379;
        List<HostPort> hosts = hosts(authority, defaultPort);
        String master = query.get("master");
        check(mode, hosts, database, master, query);
        return new RedisUri(mode, scheme.startsWith("rediss"), user, password, List.copyOf(hosts), database, master);
    }

    private static void check(Mode mode, List<HostPort> hosts, int database, String master, Map<String, String> query) {
        if (mode == Mode.STANDALONE && hosts.size() != 1) {
            throw new IllegalArgumentException("redis:// names exactly one host; use redis-sentinel:// or redis-cluster://");
        }
        if (mode == Mode.SENTINEL && (master == null || master.isEmpty())) {
            throw new IllegalArgumentException("redis-sentinel:// needs ?master=NAME");
        }
        if (mode == Mode.CLUSTER && database != 0) {
            throw new IllegalArgumentException("Redis Cluster has only database 0");
        }
        for (String key : query.keySet()) {
            if (!key.equals("master")) {
                throw new IllegalArgumentException("unknown Redis URI parameter [" + key + "]; known: master");
            }
        }
    }

    private static List<HostPort> hosts(String authority, int defaultPort) {
        List<HostPort> hosts = new ArrayList<>();
        for (String part : authority.split(",")) {
            hosts.add(hostPort(part.trim(), defaultPort));
        }
        return hosts;
    }

    private static HostPort hostPort(String text, int defaultPort) {
        try {
            dev.limpet.core.config.HostPort parsed = dev.limpet.core.config.HostPort.parse(text, defaultPort, 1);
            return new HostPort(parsed.host(), parsed.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Redis URI host: " + e.getMessage());
        }
    }

    private static int database(String path) {
        return path.isEmpty() ? 0 : number(path, 0, 15, "database");
    }

    private static int number(String text, int min, int max, String what) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Redis URI " + what + " must be " + min + ".." + max + ", was [" + text + "]");
    }

    private static Map<String, String> query(String rest) {
        Map<String, String> query = new LinkedHashMap<>();
        int mark = rest.indexOf('?');
        for (QueryStrings.Parameter pair : QueryStrings.parse(mark < 0 ? null : rest.substring(mark + 1))) {
            query.put(decode(pair.rawName(), "parameter name"),
                    pair.rawValue() == null ? "" : decode(pair.rawValue(), "parameter value"));
        }
        return query;
    }

    /** Percent-decodes; a bad escape is named by {@code what} only, never shown (it may be in the password). */
    private static String decode(String text, String what) {
        return QueryStrings.decode(text, "Redis URI " + what);
    }

    /** @return the form without credentials, e.g. {@code redis-cluster://h1:7000,h2:7001} */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(tls ? "rediss" : "redis");
        text.append(mode == Mode.SENTINEL ? "-sentinel" : mode == Mode.CLUSTER ? "-cluster" : "").append("://");
        if (user != null || password != null) {
            text.append("***@");
        }
        for (int i = 0; i < hosts.size(); i++) {
            HostPort hp = hosts.get(i);
            text.append(i == 0 ? "" : ",").append(hp.host().contains(":") ? "[" + hp.host() + "]" : hp.host())
                    .append(':').append(hp.port());
        }
        text.append('/').append(database);
        return master == null ? text.toString() : text.append("?master=").append(master).toString();
    }
}
