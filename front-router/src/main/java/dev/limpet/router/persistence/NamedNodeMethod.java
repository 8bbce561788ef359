package dev.limpet.router.persistence;

import dev.limpet.core.route.RouteCodec;

/**
 * Persistence method {@code named-node}: a request header ({@code X-Limpet-Node} by default) or query parameter
 * names the node's route directly, for tests and operators (HAProxy's {@code force-persist} with a
 * {@code use-server} rule). Off unless listed in a persistence class; anyone who can send the header can choose
 * a node, so list it only where that is acceptable. Values that are not valid routes are ignored. Immutable and
 * thread-safe.
 */
public final class NamedNodeMethod implements PersistenceMethod {

    private final String headerName;
    private final String queryName;

    /**
     * @param headerName the header that names the node, or {@code null} for none
     * @param queryName  the query parameter that names the node, or {@code null} for none
     */
    public NamedNodeMethod(String headerName, String queryName) {
        this.headerName = headerName;
        this.queryName = queryName;
    }

    @Override
    public String name() {
        return PersistenceMethods.NAMED_NODE;
    }

    @Override
    public String route(ClientRequest request) {
        String route = headerName == null ? null : request.header(headerName);
        if (route == null && queryName != null) {
            route = request.queryParameter(queryName);
        }
        return route != null && RouteCodec.isValidRoute(route) ? route : null;
    }
}
