package dev.limpet.servlet;

import dev.limpet.sessions.BackendTokenIssuer;
import dev.limpet.sessions.CookieSettings;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The {@code X-Backend} cookie work of one request, for any container adapter (this package's
 * {@link BackendCookieFilter}, Tomcat's {@code BackendCookieValve}): once the request has a session, decide through
 * the {@link BackendTokenIssuer} whether the client needs a new token, and add the cookie while the response is
 * still uncommitted. Done at most once per request.
 *
 * <p>Not thread-safe: it belongs to one request, used by the threads that process it one after another.
 */
public final class BackendCookieExchange {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final BackendTokenIssuer issuer;
    private final CookieSettings settings;
    private final BooleanSupplier hasSession;
    private final int sessionTimeoutMinutes;
    private final String defaultPath;
    private boolean done;

    /**
     * @param request               the request (its cookies, {@code isSecure()})
     * @param response              where the cookie goes
     * @param issuer                decides and signs
     * @param settings              the cookie's attributes
     * @param hasSession            whether the request has a session now; must not count as the application's
     *                              access (a container-internal look-up where there is one)
     * @param sessionTimeoutMinutes the web application's session timeout, minutes (for {@code maxAgeSeconds -1})
     * @param defaultPath           the cookie path when {@code path} is not set: the session cookie's path
     */
    public BackendCookieExchange(HttpServletRequest request, HttpServletResponse response, BackendTokenIssuer issuer,
                                 CookieSettings settings, BooleanSupplier hasSession, int sessionTimeoutMinutes,
                                 String defaultPath) {
        this.request = request;
        this.response = response;
        this.issuer = issuer;
        this.settings = settings;
        this.hasSession = hasSession;
        this.sessionTimeoutMinutes = sessionTimeoutMinutes;
        this.defaultPath = defaultPath;
    }

    /**
     * Adds the cookie if the request has a session now and this has not been done yet.
     *
     * @return whether the cookie question is settled for this request (cookie added, or not needed)
     */
    public boolean settleIfSession() {
        if (done) {
            return true;
        }
        if (!hasSession.getAsBoolean()) {
            return false;
        }
        Optional<String> token = issuer.tokenToIssue(presentedTokens(), settings.lifetimeSeconds(sessionTimeoutMinutes));
        if (token.isEmpty()) {
            done = true;
            return true;
        }
        if (response.isCommitted()) {
            return false; // set on the next request
        }
        response.addCookie(newCookie(token.get()));
        done = true;
        return true;
    }

    private Cookie newCookie(String value) {
        Cookie cookie = new Cookie(settings.cookieName(), value);
        cookie.setPath(settings.path() != null ? settings.path() : defaultPath);
        cookie.setMaxAge(settings.maxAgeSeconds());
        cookie.setSecure(settings.secure() || request.isSecure());
        cookie.setHttpOnly(settings.httpOnly());
        if (!CookieSettings.SAME_SITE_UNSET.equals(settings.sameSite())) {
            cookie.setAttribute("SameSite", settings.sameSite());
        }
        return cookie;
    }

    private List<String> presentedTokens() {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>(1);
        for (Cookie cookie : cookies) {
            if (settings.cookieName().equals(cookie.getName())) {
                values.add(cookie.getValue());
            }
        }
        return values;
    }
}
