package dev.limpet.router.proxy;

import dev.limpet.router.node.Node;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies backend failures and applies passive failure detection: a connection that cannot be established
 * (refused, connect timeout, no route, unresolvable host, a failed TLS handshake with an {@code https://} node:
 * untrusted certificate, wrong host name, client certificate refused) takes the node out of rotation for
 * {@code passiveDownMillis} (HAProxy {@code observe layer4}). Logs only state transitions, never per request.
 * Thread-safe.
 */
final class BackendFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BackendFailures.class);

    private final long passiveDownMillis;

    /** @param passiveDownMillis how long a node whose connection failed is taken out, in ms; 0 = not at all */
    BackendFailures(long passiveDownMillis) {
        this.passiveDownMillis = passiveDownMillis;
    }

    /**
     * @param failure a failure of a proxy-to-server exchange
     * @return whether the connection to the node could not be established, i.e. nothing was sent
     */
    boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                    || t instanceof SSLHandshakeException
                    || t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("Connect")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * @param failure a failure of a proxy-to-server exchange
     * @return whether the TLS handshake with an {@code https://} node failed: a connect failure answered 502, not
     *         503, when no other node takes the request (the node is there but cannot be trusted or refused us)
     */
    boolean isTlsHandshakeFailure(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a node out of rotation after a connect failure and logs the transition once.
     *
     * @param node    the node whose connection failed
     * @param failure the failure
     */
    void connectFailed(Node node, Throwable failure) {
        if (node.markConnectFailure(System.nanoTime(), passiveDownMillis) && passiveDownMillis > 0) {
            LOG.warn("node [{}] marked down for [{}] ms: connection failed [{}]", node, passiveDownMillis,
                    failure.toString());
        }
    }

    /**
     * Notes a failed exchange that is answered with an error status (not retried).
     *
     * @param node    the node
     * @param failure the failure
     */
    void requestFailed(Node node, Throwable failure) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("request to node [{}] failed [{}]", node, failure.toString());
        }
    }
}
