package dev.limpet.router.proxy;

import dev.limpet.router.config.EdgeConfig;
import dev.limpet.router.lifecycle.InFlightWork;
import dev.limpet.router.node.Node;
import java.util.concurrent.Executor;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;

/**
 * Opens {@link UpgradeTunnel}s with the configured idle timeout and buffer size ({@code tunnel} keys). Uses two
 * public Jetty mechanisms: on the client side the request attribute {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}
 * (Jetty's HTTP/1.1 connection installs that connection on its endpoint once the {@code 101} response completed),
 * on the node side the endpoint that Jetty's HTTP client leaves in the request's conversation (attribute
 * {@code EndPoint}) and removes from its pool after a {@code 101}. Thread-safe.
 */
public final class Tunnels {

    private final Executor executor;
    private final long idleTimeoutMillis;
    private final int bufferBytes;

    /**
     * @param edge     the tunnel settings
     * @param executor runs the tunnels' reads
     */
    public Tunnels(EdgeConfig edge, Executor executor) {
        this.executor = executor;
        this.idleTimeoutMillis = edge.tunnelIdleTimeoutMillis();
        this.bufferBytes = edge.tunnelBufferBytes();
    }

    /**
     * Splices the client's connection with the node's after the node answered {@code 101}.
     *
     * @param node   the node that switched protocols
     * @param client the client's upgrade request (its connection becomes one end of the tunnel)
     * @param result the completed proxy-to-server exchange
     * @return the tunnel, open and counted on the node
     * @throws IllegalStateException when Jetty's client did not leave the node's endpoint
     */
    UpgradeTunnel open(Node node, Request client, Result result) {
        Object nodeEndPoint = ((HttpRequest) result.getRequest()).getConversation()
                .getAttribute(EndPoint.class.getName());
        if (!(nodeEndPoint instanceof EndPoint endPoint)) {
            throw new IllegalStateException("101 from [" + node + "] without its connection");
        }
        UpgradeTunnel tunnel = new UpgradeTunnel(node, client.getConnectionMetaData().getConnection().getEndPoint(),
                endPoint, executor, idleTimeoutMillis, bufferBytes);
        InFlightWork work = client.getConnectionMetaData().getConnector().getServer().getBean(InFlightWork.class);
        if (work != null) { // the graceful stop waits for open tunnels too
            tunnel.countedBy(work.openTunnel());
        }
        client.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, tunnel.clientSide());
        tunnel.upgradeNodeSide();
        return tunnel;
    }
}
