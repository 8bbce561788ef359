package dev.limpet.router;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * At most {@code maxConnectionsPerClient} open connections per client IP address on the listener (HAProxy's
 * {@code src_conn_cur} rule, nginx {@code limit_conn}): a connection beyond it is closed as soon as it opens.
 * Counts the connections on the network endpoint (TLS, PROXY-protocol detection and HTTP/1.1 connections replace
 * one another on it, so each TCP connection counts once); the address is the TCP peer's. Registered as a
 * connector bean, so Jetty adds it to every connection. Thread-safe.
 */
final class PerClientConnectionLimit implements Connection.Listener {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    /** The address of each counted connection: a closed channel no longer tells its peer. */
    private final ConcurrentHashMap<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    /** @param max the most connections per client address, ≥ 1 */
    PerClientConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress client = client(connection);
        if (client == null) {
            return;
        }
        counted.put(connection, client);
        if (open.merge(client, 1, Integer::sum) > max) {
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress client = counted.remove(connection);
        if (client != null) {
            open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** @return how many connections the address has open now */
    int open(InetAddress client) {
        return open.getOrDefault(client, 0);
    }

    private static InetAddress client(Connection connection) {
        if (!(connection.getEndPoint() instanceof SocketChannelEndPoint endPoint)) {
            return null;
        }
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
