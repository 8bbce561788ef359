package dev.limpet.tomcat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The request the application sees while {@link BackendCookieValve} waits for a session: whenever the
 * application obtains a session ({@code getSession()}, {@code getSession(true)}, or an existing one through
 * {@code getSession(false)}), the {@code X-Backend} cookie is added right then, before the application can
 * commit the response. Installed with Tomcat's {@code Request.setRequest(HttpServletRequest)}.
 *
 * <p>Not thread-safe beyond what the wrapped request promises.
 */
final class SessionWatchingRequest extends HttpServletRequestWrapper {

    private final BackendCookieExchange exchange;

    SessionWatchingRequest(HttpServletRequest request, BackendCookieExchange exchange) {
        super(request);
        this.exchange = exchange;
    }

    @Override
    public HttpSession getSession(boolean create) {
        HttpSession session = super.getSession(create);
        if (session != null) {
            exchange.settleIfSession();
        }
        return session;
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }
}
