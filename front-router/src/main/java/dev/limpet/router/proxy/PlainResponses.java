package dev.limpet.router.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The router's own short plain-text error responses: 503 when no node is usable, 502 when a node failed, 504
 * when it timed out. Never a stack trace, never an HTML error page; {@code X-Limpet-Route} when configured.
 * Stateless and thread-safe.
 */
final class PlainResponses {

    private PlainResponses() {
    }

    /**
     * Writes a complete error response, discarding any status and headers already copied from a backend.
     *
     * @param request  the client-to-proxy request
     * @param response the uncommitted proxy-to-client response
     * @param callback completed when the response is written
     * @param status   503, 502 or 504
     * @param options  whether to explain the route ({@link ExchangeOptions#addRouteHeader})
     */
    static void write(Request request, Response response, Callback callback, int status, ExchangeOptions options) {
        String text = switch (status) {
            case HttpStatus.SERVICE_UNAVAILABLE_503 -> "503 Service Unavailable: no backend node is available\n";
            case HttpStatus.GATEWAY_TIMEOUT_504 -> "504 Gateway Timeout: the backend node did not answer in time\n";
            default -> "502 Bad Gateway: the backend node failed\n";
        };
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        response.reset();
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
            headers.put(HttpHeader.RETRY_AFTER, "1");
        }
        options.addRouteHeader(request, headers);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
