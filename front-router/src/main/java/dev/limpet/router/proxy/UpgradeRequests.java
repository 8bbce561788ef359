package dev.limpet.router.proxy;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;

/**
 * Which requests ask to switch protocols, and the two hop-by-hop headers that must cross the router for them
 * (RFC 9110 §7.8 {@code Upgrade}, §7.6.1 {@code Connection}; RFC 6455 §4 for WebSocket). An upgrade request is
 * an HTTP/1.1 request with an {@code Upgrade} field and the {@code upgrade} token in {@code Connection}; a request
 * to upgrade to {@code h2c} is never forwarded as one (it concerns the client's connection to the router, not the
 * node). Stateless and thread-safe.
 */
final class UpgradeRequests {

    private UpgradeRequests() {
    }

    /**
     * @param request a client request
     * @return the {@code Upgrade} value to forward, or {@code null} when the request is not a forwardable upgrade
     */
    static String protocol(Request request) {
        HttpFields headers = request.getHeaders();
        HttpField upgrade = headers.getField(HttpHeader.UPGRADE);
        if (upgrade == null || request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1
                || !headers.contains(HttpHeader.CONNECTION, HttpHeaderValue.UPGRADE.asString())
                || upgrade.contains("h2c")) {
            return null;
        }
        return upgrade.getValue();
    }

    /**
     * Adds {@code Upgrade} and {@code Connection: Upgrade} to the proxy-to-server request.
     *
     * @param to       the proxy-to-server request headers
     * @param protocol the client's {@code Upgrade} value
     */
    static void addRequestHeaders(HttpFields.Mutable to, String protocol) {
        to.put(HttpHeader.UPGRADE, protocol);
        to.put(HttpHeader.CONNECTION, HttpHeaderValue.UPGRADE.asString());
    }

    /**
     * Adds the node's {@code Upgrade} and {@code Connection: Upgrade} to a {@code 101} for the client.
     *
     * @param status the node's status
     * @param from   the node's response headers
     * @param to     the proxy-to-client response headers
     * @return whether the node switched protocols
     */
    static boolean addResponseHeaders(int status, HttpFields from, HttpFields.Mutable to) {
        if (status != HttpStatus.SWITCHING_PROTOCOLS_101) {
            return false;
        }
        String protocol = from.get(HttpHeader.UPGRADE);
        if (protocol != null) {
            to.put(HttpHeader.UPGRADE, protocol);
        }
        to.put(HttpHeader.CONNECTION, HttpHeaderValue.UPGRADE.asString());
        return true;
    }
}
