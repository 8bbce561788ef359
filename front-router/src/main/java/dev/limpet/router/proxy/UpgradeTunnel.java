package dev.limpet.router.proxy;

import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeTunnels;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;

/**
 * The two connections of one upgraded exchange (WebSocket or any other {@code Upgrade}, RFC 9110 §7.8) spliced
 * both ways after the node answered {@code 101}: a {@link TunnelConnection} on the client's endpoint copies to the
 * node, one on the node's endpoint copies to the client. Both endpoints get the tunnel idle timeout (silence in both
 * directions closes it: each endpoint sees the reads of its own direction and the writes of the other). Counted in
 * the node's {@link NodeTunnels} while open, so that the admin API and metrics show it and disabling the node
 * closes it.
 *
 * <p>Life cycle: created when the {@code 101} arrives; the node's endpoint is upgraded at once, the client's when
 * Jetty has written the {@code 101} (the request attribute {@code HttpStream.UPGRADE_CONNECTION_ATTRIBUTE}); both
 * directions start reading once both connections are open. Thread-safe; {@link #close()} is idempotent.
 */
final class UpgradeTunnel implements NodeTunnels.Tunnel {

    private final Node node;
    private final TunnelConnection clientToNode;
    private final TunnelConnection nodeToClient;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable inFlight;

    /**
     * @param node            the node the tunnel leads to
     * @param clientEndPoint  the client's connection (still carrying the HTTP/1.1 exchange)
     * @param nodeEndPoint    the node's connection, removed from the pool by Jetty's client after the {@code 101}
     * @param executor        runs the reads
     * @param idleTimeoutMillis silence in both directions after which the tunnel closes, in ms
     * @param bufferBytes     bytes read at once per direction
     */
    UpgradeTunnel(Node node, EndPoint clientEndPoint, EndPoint nodeEndPoint, Executor executor,
                  long idleTimeoutMillis, int bufferBytes) {
        this.node = node;
        this.clientToNode = new TunnelConnection(clientEndPoint, executor, this, bufferBytes);
        this.nodeToClient = new TunnelConnection(nodeEndPoint, executor, this, bufferBytes);
        clientToNode.peer(nodeToClient);
        nodeToClient.peer(clientToNode);
        clientEndPoint.setIdleTimeout(idleTimeoutMillis);
        nodeEndPoint.setIdleTimeout(idleTimeoutMillis);
        node.tunnels().opened(this);
    }

    /** @param handle closed when the tunnel closes: the graceful stop's count of open tunnels */
    void countedBy(AutoCloseable handle) {
        this.inFlight = handle;
    }

    /** @return the connection to install on the client's endpoint once the {@code 101} is written */
    TunnelConnection clientSide() {
        return clientToNode;
    }

    /** Installs the node-side connection on the node's endpoint (keeps bytes read past the {@code 101}). */
    void upgradeNodeSide() {
        nodeToClient.getEndPoint().upgrade(nodeToClient);
    }

    /** Called by each connection's {@code onOpen}: the second one starts both directions. */
    void opened() {
        if (open.incrementAndGet() == 2 && !closed.get()) {
            clientToNode.start();
            nodeToClient.start();
        }
    }

    /** One side sent its end of input: half-close the other side; when both ended, close. */
    void inputEnded(TunnelConnection reader) {
        TunnelConnection other = reader == clientToNode ? nodeToClient : clientToNode;
        if (other.isInputEnded()) {
            close();
        } else {
            other.getEndPoint().shutdownOutput();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            node.tunnels().closed(this);
            AutoCloseable handle = inFlight;
            if (handle != null) {
                try {
                    handle.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the in-flight handle of a tunnel", e);
                }
            }
            clientToNode.getEndPoint().close();
            nodeToClient.getEndPoint().close();
        }
    }

    /** @return the node the tunnel leads to */
    Node node() {
        return node;
    }
}
