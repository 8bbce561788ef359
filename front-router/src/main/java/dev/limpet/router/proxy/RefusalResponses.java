package dev.limpet.router.proxy;

import dev.limpet.router.routing.PersistenceClass;
import dev.limpet.router.routing.RoutingDecision;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers a request whose persistence class refused to move it off its failed node (failure modes
 * {@code sorry}, {@code close}, {@code strict}); a decision with no node and no refusal gets the plain 503.
 * Stateless and thread-safe.
 */
final class RefusalResponses {

    private RefusalResponses() {
    }

    /**
     * @param request  the client-to-proxy request
     * @param response the uncommitted proxy-to-client response
     * @param callback completed when done
     * @param decision a decision without a node
     * @param options  whether to explain the route ({@link ExchangeOptions#addRouteHeader})
     */
    static void write(Request request, Response response, Callback callback, RoutingDecision decision,
                      ExchangeOptions options) {
        if (decision.refusal() == null) {
            PlainResponses.write(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, options);
            return;
        }
        switch (decision.refusal()) {
            case SORRY -> sorry(request, response, callback, decision.persistenceClass(), options);
            case CLOSE -> {
                request.getConnectionMetaData().getConnection().getEndPoint().close();
                callback.failed(new EofException("closed: the pinned node is unavailable (onFailure: close)"));
            }
            default -> PlainResponses.write(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, options);
        }
    }

    private static void sorry(Request request, Response response, Callback callback, PersistenceClass pc,
                              ExchangeOptions options) {
        response.reset();
        response.setStatus(pc.sorryStatus());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, pc.sorryContentType());
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONTENT_LENGTH, pc.sorryBody().length);
        if (pc.sorryStatus() == HttpStatus.SERVICE_UNAVAILABLE_503) {
            headers.put(HttpHeader.RETRY_AFTER, "1");
        }
        options.addRouteHeader(request, headers);
        response.write(true, ByteBuffer.wrap(pc.sorryBody()), callback);
    }
}
