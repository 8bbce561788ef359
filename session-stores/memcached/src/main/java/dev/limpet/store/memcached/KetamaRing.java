package dev.limpet.store.memcached;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The libketama continuum over the configured memcached nodes: each node is hashed to 160 points
 * ({@code MD5("host:port-i")}, four 32-bit little-endian points per digest) and a key belongs to the first
 * point at or after {@code MD5(key)}'s first four bytes, wrapping around (libketama, as in xmemcached's
 * {@code KetamaMemcachedSessionLocator} and spymemcached). The ring is built once from the configured node list
 * and never changes; which nodes are currently reachable is passed in per lookup, so that a dead node's keys
 * move to the next node clockwise — the node that holds their backup copy.
 *
 * <p>Immutable and thread-safe.
 */
final class KetamaRing {

    /** Points per node, as in libketama. */
    static final int POINTS_PER_NODE = 160;

    private final NavigableMap<Long, InetSocketAddress> points;
    private final int nodeCount;

    /**
     * @param nodes the configured nodes, at least one, no duplicates
     * @throws IllegalArgumentException if {@code nodes} is empty
     */
    KetamaRing(List<InetSocketAddress> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one memcached node is required");
        }
        TreeMap<Long, InetSocketAddress> map = new TreeMap<>();
        for (InetSocketAddress node : nodes) {
            String name = node.getHostString() + ":" + node.getPort();
            for (int i = 0; i < POINTS_PER_NODE / 4; i++) {
                byte[] digest = md5(name + "-" + i);
                for (int h = 0; h < 4; h++) {
                    map.putIfAbsent(point(digest, h), node);
                }
            }
        }
        this.points = map;
        this.nodeCount = Set.copyOf(nodes).size();
    }

    /**
     * The primary node of a key: the first node clockwise from the key's hash that is live.
     *
     * @param key  the memcached key
     * @param live the nodes currently connected
     * @return the node, or {@code null} if no node is live
     */
    InetSocketAddress primary(String key, Set<InetSocketAddress> live) {
        return firstLive(key, live, null);
    }

    /**
     * The backup node of a key: the first live node clockwise from the key's hash that is not the key's
     * <em>configured</em> primary (the owner on the full ring, live or not). When the configured primary is down,
     * this is the node that {@link #primary} now returns, so a primary read there finds the backup copy.
     *
     * @param key  the memcached key
     * @param live the nodes currently connected
     * @return the node, or {@code null} if there is a single node or none other is live
     */
    InetSocketAddress backup(String key, Set<InetSocketAddress> live) {
        if (nodeCount < 2) {
            return null;
        }
        return firstLive(key, live, owner(key));
    }

    private InetSocketAddress owner(String key) {
        Map.Entry<Long, InetSocketAddress> e = points.ceilingEntry(hash(key));
        return (e != null ? e : points.firstEntry()).getValue();
    }

    private InetSocketAddress firstLive(String key, Set<InetSocketAddress> live, InetSocketAddress excluded) {
        long h = hash(key);
        for (InetSocketAddress node : points.tailMap(h, true).values()) {
            if (!node.equals(excluded) && live.contains(node)) {
                return node;
            }
        }
        for (InetSocketAddress node : points.headMap(h, false).values()) {
            if (!node.equals(excluded) && live.contains(node)) {
                return node;
            }
        }
        return null;
    }

    /**
     * @param key a memcached key
     * @return its position on the continuum, 0..2^32-1 (libketama's hash: MD5, first four bytes little-endian)
     */
    static long hash(String key) {
        return point(md5(key), 0);
    }

    private static long point(byte[] digest, int h) {
        return ((long) (digest[3 + h * 4] & 0xFF) << 24)
                | ((long) (digest[2 + h * 4] & 0xFF) << 16)
                | ((long) (digest[1 + h * 4] & 0xFF) << 8)
                | (digest[h * 4] & 0xFF);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}
