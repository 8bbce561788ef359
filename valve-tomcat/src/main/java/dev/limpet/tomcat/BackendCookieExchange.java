package dev.limpet.tomcat;

import dev.limpet.sessions.BackendTokenIssuer;
import dev.limpet.sessions.CookieSettings;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.util.SessionConfig;
import org.apache.juli.logging.Log;

/**
 * The {@code X-Backend} cookie work of one request: once the request has a session, decide (through the
 * {@link BackendTokenIssuer}) whether the client needs a new token and add the cookie while the response is
 * still uncommitted. Done at most once per request.
 *
 * <p>Not thread-safe: it belongs to one request, used by the threads that process it one after another
 * (as the servlet specification allows for the request and response themselves).
 */
final class BackendCookieExchange {

    private final Request request;
    private final Response response;
    private final BackendTokenIssuer issuer;
    private final CookieSettings settings;
    private final Log log;
    private boolean done;

    BackendCookieExchange(Request request, Response response, BackendTokenIssuer issuer, CookieSettings settings,
                          Log log) {
        this.request = request;
        this.response = response;
        this.issuer = issuer;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Adds the cookie if the request has a session now and this has not been done yet.
     *
     * @return whether the cookie question is settled for this request (cookie added, or not needed)
     */
    boolean settleIfSession() {
        if (done) {
            return true;
        }
        if (request.getSessionInternal(false) == null) {
            return false;
        }
        Optional<String> token = issuer.tokenToIssue(presentedTokens(), settings.lifetimeSeconds(
                request.getContext() == null ? -1 : request.getContext().getSessionTimeout()));
        if (token.isEmpty()) {
            done = true;
            return true;
        }
        if (response.isCommitted()) {
            if (log.isDebugEnabled()) {
                log.debug("Response to [" + request.getRequestURI() + "] committed before the session existed: ["
                        + settings.cookieName() + "] will be set on the next request");
            }
            return false;
        }
        response.addCookie(newCookie(token.get()));
        done = true;
        return true;
    }

    /** @return the cookie; path: {@code path}, else the Context's session cookie path (Tomcat's rules) */
    private Cookie newCookie(String value) {
        Cookie cookie = new Cookie(settings.cookieName(), value);
        cookie.setPath(settings.path() != null ? settings.path()
                : request.getContext() == null ? "/" : SessionConfig.getSessionCookiePath(request.getContext()));
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
