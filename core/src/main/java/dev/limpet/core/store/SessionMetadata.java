package dev.limpet.core.store;

/**
 * What a store keeps about a session besides its attributes.
 *
 * @param creationTimeMillis     when the session was created, epoch milliseconds, 0 or more
 * @param lastAccessedTimeMillis when it was last accessed, epoch milliseconds, 0 or more
 * @param maxInactiveSeconds     idle timeout, seconds; 0 or negative means "never expires" (Tomcat's and the
 *                               Servlet API's convention) and is stored with {@link SessionStore#MAX_TTL_SECONDS}
 * @param lastRoute              the route (jvmRoute) of the node that saved it, {@code [A-Za-z0-9_-]{0,64}};
 *                               empty if none
 */
public record SessionMetadata(long creationTimeMillis, long lastAccessedTimeMillis, int maxInactiveSeconds,
                              String lastRoute) {

    /** Largest route length, characters (as {@link dev.limpet.core.route.RouteCodec#MAX_ROUTE_LENGTH}). */
    public static final int MAX_ROUTE_LENGTH = 64;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a time is negative or the route is not {@code [A-Za-z0-9_-]{0,64}}
     */
    public SessionMetadata {
        if (creationTimeMillis < 0 || lastAccessedTimeMillis < 0) {
            throw new IllegalArgumentException("session times must not be negative");
        }
        lastRoute = lastRoute == null ? "" : lastRoute;
        if (lastRoute.length() > MAX_ROUTE_LENGTH || !SessionIds.isIdCharsOnly(lastRoute)) {
            throw new IllegalArgumentException("route must match [A-Za-z0-9_-]{0,64}");
        }
    }
}
