package dev.limpet.router.node;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open upgrade tunnels (e.g. WebSockets) of one node: counted for the admin API and metrics, and closed all
 * at once when the node is {@linkplain AdminState#DISABLED disabled}. Draining keeps them. Thread-safe.
 */
public final class NodeTunnels {

    /** One open tunnel as the node sees it. */
    public interface Tunnel {
        /** Closes both connections of the tunnel; idempotent, never throws. */
        void close();
    }

    private final Set<Tunnel> open = ConcurrentHashMap.newKeySet();

    /** @param tunnel a tunnel that just opened; pair with {@link #closed} */
    public void opened(Tunnel tunnel) {
        open.add(tunnel);
    }

    /** @param tunnel a tunnel that closed; idempotent */
    public void closed(Tunnel tunnel) {
        open.remove(tunnel);
    }

    /** @return how many tunnels to this node are open now */
    public int count() {
        return open.size();
    }

    /** Closes every open tunnel of the node (disabling a node does this). */
    public void closeAll() {
        for (Tunnel t : open.toArray(new Tunnel[0])) {
            t.close();
        }
    }
}
