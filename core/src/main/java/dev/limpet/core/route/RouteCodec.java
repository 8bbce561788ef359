package dev.limpet.core.route;

import java.util.Optional;

/**
 * Reads and writes the route suffix of a session id, following Tomcat's {@code Engine jvmRoute}
 * convention: {@code <id><separator><route>}, for example {@code 4F2A…9C.node1}.
 *
 * <p>The route is the text after the <em>last</em> separator. The default separator is {@code '.'}
 * (Tomcat, Jetty); {@code '!'} or {@code ':'} serve WebLogic- or WebSphere-style ids. A route must match
 * {@code [A-Za-z0-9_-]{1,64}} (see {@link #isValidRoute(String)}); an id whose suffix does not is treated
 * as having no route, never as an error.
 *
 * <p>The same codec reads a session id from a {@code ;jsessionid=} path parameter (name matched in either
 * ASCII case, as Tomcat does) via {@link #fromPathParameter(String)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RouteCodec {

    /** Maximum length of a route name, in characters. */
    public static final int MAX_ROUTE_LENGTH = 64;

    /** Maximum accepted length of a whole session id (id and route), in characters. */
    public static final int MAX_SESSION_ID_LENGTH = 256;

    private static final String PATH_PARAMETER = ";jsessionid=";

    private final char separator;

    /**
     * @param separator the character between id and route; must not be a route character
     *                  ({@code A-Z a-z 0-9 _ -}), {@code ';'} or whitespace
     * @throws IllegalArgumentException if the separator is not allowed
     */
    public RouteCodec(char separator) {
        if (isRouteChar(separator) || separator == ';' || Character.isWhitespace(separator)) {
            throw new IllegalArgumentException("route separator must not be a route character, ';' or whitespace: ["
                    + separator + "]");
        }
        this.separator = separator;
    }

    /** A codec with Tomcat's default separator {@code '.'}. */
    public static RouteCodec tomcatDefault() {
        return new RouteCodec('.');
    }

    /** @return the separator between id and route */
    public char separator() {
        return separator;
    }

    /**
     * Splits a session id into its route-less id and its route.
     *
     * @param sessionId the wire form, possibly {@code null}
     * @return the parts; empty if the input is {@code null}, empty or longer than {@link #MAX_SESSION_ID_LENGTH}.
     *         An id without a valid route yields parts whose {@link SessionIdParts#route()} is empty.
     */
    public Optional<SessionIdParts> parse(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > MAX_SESSION_ID_LENGTH) {
            return Optional.empty();
        }
        int at = sessionId.lastIndexOf(separator);
        if (at > 0 && isValidRoute(sessionId.substring(at + 1))) {
            return Optional.of(new SessionIdParts(sessionId.substring(0, at), Optional.of(sessionId.substring(at + 1))));
        }
        return Optional.of(new SessionIdParts(sessionId, Optional.empty()));
    }

    /**
     * Returns only the route of a session id.
     *
     * @param sessionId the wire form, possibly {@code null}
     * @return the route, or empty when there is none or it is invalid
     */
    public Optional<String> routeOf(String sessionId) {
        return parse(sessionId).flatMap(SessionIdParts::route);
    }

    /**
     * Joins a route-less id and a route, as Tomcat does when {@code jvmRoute} is set.
     *
     * @param baseId the route-less id, not empty
     * @param route  a valid route
     * @return {@code baseId + separator + route}
     * @throws IllegalArgumentException if the id is empty or the route invalid
     */
    public String withRoute(String baseId, String route) {
        if (baseId == null || baseId.isEmpty()) {
            throw new IllegalArgumentException("session id must not be empty");
        }
        if (!isValidRoute(route)) {
            throw new IllegalArgumentException("invalid route [" + route + "]: must match [A-Za-z0-9_-]{1,64}");
        }
        return baseId + separator + route;
    }

    /**
     * Reads the session id from a {@code ;jsessionid=} path parameter of a request URI (either case of the
     * parameter name). The value ends at the next {@code ;}, {@code ?}, {@code /} or {@code #}.
     *
     * @param requestUri the raw request URI (path and optional query), possibly {@code null}
     * @return the session id (wire form, with route), or empty when absent, empty or too long
     */
    public static Optional<String> fromPathParameter(String requestUri) {
        if (requestUri == null) {
            return Optional.empty();
        }
        int query = requestUri.indexOf('?');
        String path = query < 0 ? requestUri : requestUri.substring(0, query);
        int at = indexOfIgnoringAsciiCase(path, PATH_PARAMETER);
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + PATH_PARAMETER.length();
        int end = start;
        while (end < path.length() && ";/#".indexOf(path.charAt(end)) < 0) {
            end++;
        }
        if (end == start || end - start > MAX_SESSION_ID_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(path.substring(start, end));
    }

    /**
     * Finds a lower-case ASCII needle with ASCII letters matched in either case. Not {@code toLowerCase}: that
     * can change the string's length (e.g. {@code U+0130}) and so shift every index after it.
     */
    private static int indexOfIgnoringAsciiCase(String text, String lowerNeedle) {
        for (int at = 0; at + lowerNeedle.length() <= text.length(); at++) {
            int i = 0;
            while (i < lowerNeedle.length()) {
                char c = text.charAt(at + i);
                if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != lowerNeedle.charAt(i)) {
                    break;
                }
                i++;
            }
            if (i == lowerNeedle.length()) {
                return at;
            }
        }
        return -1;
    }

    /**
     * @param route a candidate route, possibly {@code null}
     * @return whether it matches {@code [A-Za-z0-9_-]{1,64}}
     */
    public static boolean isValidRoute(String route) {
        if (route == null || route.isEmpty() || route.length() > MAX_ROUTE_LENGTH) {
            return false;
        }
        for (int i = 0; i < route.length(); i++) {
            if (!isRouteChar(route.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isRouteChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
