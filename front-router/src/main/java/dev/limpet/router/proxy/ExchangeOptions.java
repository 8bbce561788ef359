package dev.limpet.router.proxy;

import dev.limpet.router.node.SessionSightings;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * The operational options of the proxy (issue 5): the retry rules ({@code retryOn}), whether responses explain
 * their route ({@code routeHeader}), whether each request records a {@link RouteTrace} (for the access log and
 * metrics), and where session keys are counted for drain reporting. Immutable and thread-safe.
 *
 * @param retryOnConnectFailure retry any method whose connection could not be established
 * @param retryOnIdempotent     retry an idempotent request after any failure before a response began, when no
 *                              body was sent
 * @param routeHeader           add {@code X-Limpet-Route} to responses: proxied ones and the router's own
 *                              (502, 503, 504, sorry pages)
 * @param trace                 record a {@link RouteTrace} request attribute
 * @param sightings             counts session keys per node, or {@code null}
 */
public record ExchangeOptions(boolean retryOnConnectFailure, boolean retryOnIdempotent, boolean routeHeader,
                              boolean trace, SessionSightings sightings) {

    /** The behaviour before issue 5: both retry rules, no header, no trace, no sightings. */
    public static final ExchangeOptions DEFAULTS = new ExchangeOptions(true, true, false, false, null);

    /** The {@code X-Limpet-Route} response header name. */
    public static final String ROUTE_HEADER = "X-Limpet-Route";

    /**
     * Adds {@code X-Limpet-Route} when {@link #routeHeader} is on and the request recorded a {@link RouteTrace}.
     *
     * @param request the client-to-proxy request
     * @param headers the proxy-to-client response headers
     */
    void addRouteHeader(Request request, HttpFields.Mutable headers) {
        if (routeHeader && request.getAttribute(RouteTrace.ATTRIBUTE) instanceof RouteTrace trace) {
            headers.put(ROUTE_HEADER, trace.headerValue());
        }
    }
}
