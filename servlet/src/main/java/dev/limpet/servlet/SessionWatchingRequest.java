package dev.limpet.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The request the application sees while the {@code X-Backend} cookie waits for a session: whenever the
 * application obtains a session ({@code getSession()}, {@code getSession(true)}, or an existing one through
 * {@code getSession(false)}), {@link BackendCookieExchange#settleIfSession} runs right then, before the application
 * can commit the response. Used by {@link BackendCookieFilter} and Tomcat's {@code BackendCookieValve}.
 *
 * <p>Not thread-safe beyond what the wrapped request promises.
 */
public final class SessionWatchingRequest extends HttpServletRequestWrapper {

    private final BackendCookieExchange exchange;

    /**
     * @param request  the request to wrap
     * @param exchange the request's cookie exchange
     */
    public SessionWatchingRequest(HttpServletRequest request, BackendCookieExchange exchange) {
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
