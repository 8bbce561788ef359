package dev.limpet.store.memcached;

import com.google.code.yanf4j.core.Session;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.rubyeye.xmemcached.MemcachedSessionLocator;

/**
 * xmemcached session locator over a {@link KetamaRing}: routes a key to its {@linkplain KetamaRing#primary primary}
 * node, or — for the client that writes backup copies — to its {@linkplain KetamaRing#backup backup} node.
 * xmemcached calls {@link #updateSessions} whenever a connection opens or closes, so a killed node drops out of
 * routing at once and comes back when xmemcached's heal thread reconnects it.
 *
 * <p>Thread-safe: the live-session map is replaced, never mutated.
 */
final class RingSessionLocator implements MemcachedSessionLocator {

    /** Which node of a key this locator routes to. */
    enum Role {
        /** The first live node clockwise. */
        PRIMARY,
        /** The first live node clockwise other than the key's configured owner. */
        BACKUP
    }

    private final KetamaRing ring;
    private final Role role;
    private volatile Map<InetSocketAddress, Session> live = Map.of();

    /**
     * @param ring the configured ring
     * @param role primary or backup routing
     */
    RingSessionLocator(KetamaRing ring, Role role) {
        this.ring = ring;
        this.role = role;
    }

    @Override
    public Session getSessionByKey(String key) {
        Map<InetSocketAddress, Session> current = live;
        InetSocketAddress node = nodeFor(key, current.keySet());
        return node == null ? null : current.get(node);
    }

    /**
     * @param key the memcached key
     * @return the node this locator routes the key to now, or {@code null} if none is live
     */
    InetSocketAddress nodeFor(String key) {
        return nodeFor(key, live.keySet());
    }

    private InetSocketAddress nodeFor(String key, Set<InetSocketAddress> liveNodes) {
        return role == Role.PRIMARY ? ring.primary(key, liveNodes) : ring.backup(key, liveNodes);
    }

    @Override
    public void updateSessions(Collection<Session> sessions) {
        Map<InetSocketAddress, Session> map = new HashMap<>();
        for (Session session : sessions) {
            if (!session.isClosed()) {
                map.putIfAbsent(session.getRemoteSocketAddress(), session);
            }
        }
        live = Map.copyOf(map);
    }

    /** Ignored: a dead node's keys always move to the next live node (xmemcached's "failure mode" is off). */
    @Override
    public void setFailureMode(boolean failureMode) {
        // Routing around dead nodes is the point of the ring; standby failure mode is not supported.
    }
}
