package dev.limpet.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Session ids and the session cookie of {@link SessionSharingFilter}, as Tomcat makes them: ids of 16 random bytes
 * from {@link SecureRandom} as 32 upper-case hex characters (Tomcat's {@code StandardSessionIdGenerator} default
 * {@code sessionIdLength}), followed by {@code .route} (Tomcat's {@code jvmRoute} format, so the router keeps
 * pinning); the cookie {@code HttpOnly}, {@code SameSite} as configured, {@code Secure} when the request is, with
 * the session cookie's path ({@link SessionCookieConfig#getPath()}, else the context path, {@code /} for the root
 * context) and no {@code Max-Age} unless the context sets one. Thread-safe.
 */
final class SessionCookies {

    private static final int ID_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final String cookieName;
    private final String sameSite;

    /**
     * @param cookieName the session cookie's name
     * @param sameSite   {@code Strict}, {@code Lax}, {@code None}, or {@code unset} (no attribute)
     */
    SessionCookies(String cookieName, String sameSite) {
        this.cookieName = cookieName;
        this.sameSite = sameSite;
    }

    /** @return the session cookie's name */
    String cookieName() {
        return cookieName;
    }

    /** @return a new route-less id: 32 upper-case hex characters of 16 random bytes */
    String newBaseId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /**
     * @param request  the request (context, {@code isSecure()})
     * @param id       the session id, route included
     * @return the cookie that hands the id to the client
     */
    Cookie cookie(HttpServletRequest request, String id) {
        Cookie cookie = new Cookie(cookieName, id);
        ServletContext context = request.getServletContext();
        cookie.setPath(defaultPath(context));
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure() || context.getSessionCookieConfig().isSecure());
        int maxAge = context.getSessionCookieConfig().getMaxAge();
        if (maxAge >= 0) {
            cookie.setMaxAge(maxAge);
        }
        if (!"unset".equalsIgnoreCase(sameSite)) {
            cookie.setAttribute("SameSite", sameSite);
        }
        return cookie;
    }

    /**
     * @param context the web application
     * @return the session cookie's path: {@link SessionCookieConfig#getPath()}, else the context path ({@code /} for
     *         the root context), as Tomcat's {@code SessionConfig.getSessionCookiePath}
     */
    static String defaultPath(ServletContext context) {
        String configured = context.getSessionCookieConfig().getPath();
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        String contextPath = context.getContextPath();
        return contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
    }
}
