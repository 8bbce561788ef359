package dev.limpet.servlet;

import dev.limpet.sessions.NonStickyRules;
import dev.limpet.sessions.SessionCounters;
import dev.limpet.sessions.StoreDownException;
import dev.limpet.sessions.WriteDecision;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * Shares HTTP sessions between the nodes of a farm through Limpet's store (Redis, Memcached, JDBC), in any Servlet 6
 * container: the request is wrapped so that {@code getSession()} returns a session backed by the store, and the
 * response so that the session is written before the response is committed — the model is Spring Session's
 * {@code SessionRepositoryFilter} and {@code OnCommittedResponseWrapper}. The rules are those of Tomcat's
 * {@code LimpetSessionManager} (docs/architecture.md §4), from the same container-neutral core
 * ({@code dev.limpet.sessions}): sticky and non-sticky modes, write avoidance (only changed sessions are written;
 * objects changed in place are detected by their serialized hash), takeover with the id re-issued under this
 * node's route ({@code base.route}, Tomcat's {@code jvmRoute} format), versioned conditional writes (one live
 * copy; a lost race answers 409), {@code invalidate()} → tombstone (logout everywhere), and a store that is down
 * degrades (sticky: the local copy is served and written when the store is back; never a 500).
 *
 * <p>Install: map it first on {@code /*} (before {@link BackendCookieFilter} and the application); init parameters
 * (names, defaults, units: {@code docs/servlet.md}) are the manager's attributes of the same names —
 * {@code storeUri}, {@code dataSourceName}, {@code secretFile}/{@code secretEnv}, {@code sticky},
 * {@code requestUriIgnorePattern}, {@code sessionAttributeValueClassNameFilter}, {@code operationTimeoutMillis},
 * {@code keyPrefix}, {@code lockingMode}, {@code lockTimeoutMillis}, {@code lockTimeoutAction},
 * {@code failOnStoreError}, {@code backupMode}, {@code backupQueueCapacity}, {@code backupThreads} — plus
 * {@code route} (default the context parameter {@value InitParameters#CONTEXT_ROUTE}), {@code sessionCookieName}
 * (default the context's session cookie name, else {@code JSESSIONID}) and {@code sessionCookieSameSite}
 * (default {@code Lax}). Every problem is reported at once by {@link #init}.
 *
 * <p>Not covered: session listeners other than {@code HttpSessionBindingListener}; ids in URLs; a response
 * committed by an asynchronous request after the filter returned (its session is written at its next request).
 * Thread-safe after {@link #init}. Logging: {@link System.Logger} {@code dev.limpet.servlet.SessionSharingFilter};
 * session ids appear as hashes, the store URI without credentials, the secret never.
 */
public class SessionSharingFilter implements Filter {

    private final System.Logger log = System.getLogger(SessionSharingFilter.class.getName());
    private UnaryOperator<String> environment = System::getenv;
    private volatile FilterRuntime runtime;

    @Override
    public void init(FilterConfig config) throws ServletException {
        runtime = FilterRuntime.start(config, environment, log);
    }

    @Override
    public void destroy() {
        FilterRuntime current = runtime;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || req instanceof SessionRequest) {
            chain.doFilter(req, res);
            return;
        }
        FilterRuntime current = runtime;
        String requestedId = requestedId(request, current.cookies().cookieName());
        var ignore = current.core().settings().ignorePattern();
        boolean ignored = ignore != null && ignore.matcher(request.getRequestURI()).matches();
        if (ignored && requestedId != null) {
            current.counters().count(WriteDecision.SKIP_IGNORED_URI);
        }
        try {
            if (ignored) {
                new RequestCycle(current, request, response, requestedId, false)
                        .run(chain, current.repository().find(requestedId, true));
            } else if (current.core().settings().sticky()) {
                new RequestCycle(current, request, response, requestedId, true)
                        .run(chain, current.repository().find(requestedId, false));
            } else {
                nonSticky(current, request, response, requestedId, chain);
            }
        } catch (StoreDownException e) {
            unavailable(response, "The session store is unavailable.");
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException("session look-up failed", e);
        }
    }

    private void nonSticky(FilterRuntime current, HttpServletRequest request, HttpServletResponse response,
                           String requestedId, FilterChain chain) throws IOException, ServletException {
        var storeId = requestedId == null ? java.util.Optional.<String>empty()
                : current.repository().storeId(requestedId);
        NonStickyRules.Held held = storeId.isEmpty() ? null : current.core().nonSticky().lock(storeId.get());
        if (storeId.isPresent() && held == null) {
            unavailable(response, "The session is busy; retry.");
            return;
        }
        try {
            SharedHttpSession found = storeId.isEmpty() ? null
                    : current.repository().load(requestedId, current.core().settings().failOnStoreError());
            new RequestCycle(current, request, response, requestedId, true).run(chain, found);
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }

    /** @return the first session cookie's value, or {@code null} */
    private static String requestedId(HttpServletRequest request, String cookieName) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (cookieName.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    static void unavailable(HttpServletResponse response, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setHeader("Retry-After", "1");
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, message);
    }

    /** For tests: where {@code secretEnv} is looked up (default {@link System#getenv(String)}). */
    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** @return the counters (takeovers, write decisions, conflicts, store errors, …), or {@code null} before init */
    public SessionCounters counters() {
        FilterRuntime current = runtime;
        return current == null ? null : current.counters();
    }

    /** @return whether the store is considered reachable (circuit breaker closed); {@code true} before init */
    public boolean storeAvailable() {
        FilterRuntime current = runtime;
        return current == null || !current.core().breaker().isOpen();
    }

    /**
     * Waits until the backup queue is empty (tests, orderly shutdown).
     *
     * @param timeoutMillis longest wait, milliseconds
     * @return whether it emptied in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitBackups(long timeoutMillis) throws InterruptedException {
        FilterRuntime current = runtime;
        return current == null || current.core().queue().awaitEmpty(timeoutMillis);
    }
}
