package dev.limpet.router.persistence;

import dev.limpet.core.route.RouteCodec;

/**
 * Persistence method {@code jsessionid}: the route suffix of the session id (Tomcat's {@code jvmRoute}
 * convention, mod_jk's {@code sticky_session}), read from the session cookie ({@code JSESSIONID} by default)
 * or, when there is no such cookie, from a {@code ;jsessionid=} path parameter (name in any case). Ids without
 * a valid route, oversized ids and malformed values give no route. Immutable and thread-safe.
 */
public final class JsessionidMethod implements PersistenceMethod {

    private final RouteCodec codec;
    private final String cookieName;

    /**
     * @param codec      reads the route after the configured separator
     * @param cookieName the session cookie's name, e.g. {@code JSESSIONID}
     */
    public JsessionidMethod(RouteCodec codec, String cookieName) {
        this.codec = codec;
        this.cookieName = cookieName;
    }

    @Override
    public String name() {
        return PersistenceMethods.JSESSIONID;
    }

    @Override
    public String route(ClientRequest request) {
        String id = sessionId(request);
        return id == null ? null : codec.routeOf(id).orElse(null);
    }

    /**
     * @param request the client-to-proxy request
     * @return the session id from the session cookie, else from a {@code ;jsessionid=} path parameter, or
     *         {@code null}; not validated
     */
    public String sessionId(ClientRequest request) {
        String id = request.cookie(cookieName);
        if (id == null) {
            String path = request.rawPath();
            if (path.indexOf(';') < 0) {
                return null;
            }
            id = RouteCodec.fromPathParameter(path).orElse(null);
        }
        return id;
    }
}
