package dev.limpet.servlet;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.sessions.BackendTokenIssuer;
import dev.limpet.sessions.CookieSettings;
import dev.limpet.sessions.SecretSource;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Names this node to the Limpet router in any Servlet 6 container: every response of a request that has an HTTP
 * session carries a signed, expiring {@code X-Backend} cookie with this node's route (docs/architecture.md §2,
 * {@code docs/affinity-token.md}; install guide {@code docs/servlet.md}). The portable twin of Tomcat's
 * {@code BackendCookieValve}: same rules ({@link BackendTokenIssuer}), init parameters named as the valve's
 * attributes.
 *
 * <p><b>Init parameters</b> (all checked in {@link #init}; every problem is reported in one
 * {@link ServletException}, and the web application does not start):
 * <ul>
 * <li>{@code route} — this node's route, {@code [A-Za-z0-9_-]{1,64}}. Default: the context init parameter
 *     {@value InitParameters#CONTEXT_ROUTE} (shared with {@link SessionSharingFilter}). Required.</li>
 * <li>{@code secretFile} — path of the master secret file ({@code docs/affinity-token.md} §1); a relative path is
 *     resolved against the web application's real root directory, else the working directory.</li>
 * <li>{@code secretEnv} — name of an environment variable holding the secrets instead. Exactly one of the two;
 *     the key is derived for purpose {@code backend-cookie}; the secret is never logged.</li>
 * <li>{@code cookieName} — an RFC 6265 token, bound into the token's MAC; must match the router's
 *     {@code backend-cookie}. Default {@code X-Backend}.</li>
 * <li>{@code maxAgeSeconds} — token lifetime and cookie {@code Max-Age}, seconds, 1..31536000, or {@code -1}
 *     (browser-session cookie; the token lives as long as the session timeout). Default 1800.</li>
 * <li>{@code secure} — always {@code Secure}. Default {@code false}: {@code Secure} exactly when the request
 *     is ({@code isSecure()}).</li>
 * <li>{@code httpOnly} — default {@code true}. {@code sameSite} — {@code Strict}, {@code Lax}, {@code None},
 *     {@code unset}; default {@code Lax}.</li>
 * <li>{@code path} — default: the session cookie's path ({@code SessionCookieConfig}), else the context path
 *     ({@code /} for the root context).</li>
 * </ul>
 *
 * <p><b>Order</b>: map it after {@link SessionSharingFilter} (when used), so that it sees the shared session.
 * A request with a session at entry gets the cookie before the application runs; otherwise the application's
 * request is wrapped so that the cookie is added the moment it obtains a session, and once more checked after
 * the chain returns. A client already holding a valid token for this route with more than half its lifetime left
 * gets no new cookie. The route is exposed as the request attribute {@value #ROUTE_ATTRIBUTE}.
 *
 * <p>Thread-safe after {@link #init}. Logging: {@link System.Logger} {@code dev.limpet.servlet.BackendCookieFilter}.
 */
public class BackendCookieFilter implements Filter {

    /** Request attribute holding this node's route, for the application. */
    public static final String ROUTE_ATTRIBUTE = "dev.limpet.route";

    private static final Set<String> PARAMETERS = Set.of("route", "secretFile", "secretEnv", "cookieName",
            "maxAgeSeconds", "secure", "httpOnly", "sameSite", "path");

    private final System.Logger log = System.getLogger(BackendCookieFilter.class.getName());
    private UnaryOperator<String> environment = System::getenv;
    private Clock clock = Clock.systemUTC();
    private volatile BackendTokenIssuer issuer;
    private volatile CookieSettings settings;

    /**
     * Reads and checks every init parameter.
     *
     * @throws ServletException naming every problem at once
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        InitParameters parameters = new InitParameters(config, PARAMETERS);
        String route = parameters.route();
        if (route == null) {
            parameters.problems().add("no route: set the init parameter route or the context parameter "
                    + InitParameters.CONTEXT_ROUTE);
        } else if (!RouteCodec.isValidRoute(route)) {
            parameters.problems().add("route [" + route + "] must match [A-Za-z0-9_-]{1,64}");
        }
        String cookieName = parameters.string("cookieName", "X-Backend");
        KeyRing keyRing = SecretSource.keyRing(parameters.string("secretFile", null),
                parameters.string("secretEnv", null), environment, KeyPurpose.BACKEND_COOKIE,
                parameters.baseDirectory(), parameters.problems());
        CookieSettings validated = CookieSettings.validate(cookieName,
                (int) parameters.number("maxAgeSeconds", 1800), parameters.bool("secure", false),
                parameters.bool("httpOnly", true), parameters.string("sameSite", "Lax"),
                parameters.string("path", null), parameters.problems());
        if (!parameters.problems().isEmpty()) {
            throw new ServletException("BackendCookieFilter [" + parameters.filterName() + "] cannot start: "
                    + String.join("; ", parameters.problems()));
        }
        settings = validated;
        issuer = new BackendTokenIssuer(new AffinityTokenCodec(cookieName, keyRing), route, clock);
        if (validated.sameSiteNoneWithoutSecure()) {
            log.log(System.Logger.Level.WARNING, "BackendCookieFilter: sameSite [None] without secure [true]:"
                    + " browsers drop such cookies on plain HTTP");
        }
        log.log(System.Logger.Level.INFO, "BackendCookieFilter [" + parameters.filterName() + "] started: route ["
                + route + "], cookie [" + cookieName + "], key id [" + keyRing.signingKey().keyId() + "]");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (request.getAttribute(ROUTE_ATTRIBUTE) == null) {
            request.setAttribute(ROUTE_ATTRIBUTE, issuer.route());
        }
        BackendCookieExchange exchange = new BackendCookieExchange(request, response, issuer, settings,
                () -> request.getSession(false) != null, request.getServletContext().getSessionTimeout(),
                SessionCookies.defaultPath(request.getServletContext()));
        if (exchange.settleIfSession()) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new SessionWatchingRequest(request, exchange), response);
        if (!request.isAsyncStarted()) {
            exchange.settleIfSession();
        }
    }

    /** For tests: where {@code secretEnv} is looked up (default {@link System#getenv(String)}). */
    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** For tests: the time source of token times (default the system UTC clock). */
    void setClock(Clock clock) {
        this.clock = clock;
    }
}
