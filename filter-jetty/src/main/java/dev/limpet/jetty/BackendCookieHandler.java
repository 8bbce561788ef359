package dev.limpet.jetty;

import dev.limpet.sessions.SecretSource;
import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.sessions.BackendTokenIssuer;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.Syntax;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.session.SessionIdManager;
import org.eclipse.jetty.util.Callback;

/**
 * Names this node to the Limpet router, the Jetty core counterpart of the Tomcat {@code BackendCookieValve}: every
 * response of a request that has an HTTP session carries a signed, expiring {@code X-Backend} cookie with this
 * node's route (docs/architecture.md §2, {@code docs/affinity-token.md}; install guide {@code docs/jetty.md}, Jetty
 * module {@code limpet-backend-cookie}, which inserts it in front of every context with
 * {@code Server.insertHandler}).
 *
 * <p><b>Settings</b> (JavaBean setters; checked at start, every problem in one message, and the server does not
 * start):
 * <ul>
 * <li>{@code route} — this node's route, {@code [A-Za-z0-9_-]{1,64}}. Default: the {@code workerName} of the
 *     server's {@code DefaultSessionIdManager} ({@code jetty.sessionIdManager.workerName}), which Jetty appends to
 *     session ids as {@code .workerName}, as Tomcat does its {@code jvmRoute}.</li>
 * <li>{@code secretFile} or {@code secretEnv} — the master secret (relative paths against {@code jetty.base});
 *     exactly one. The key is derived for purpose {@code backend-cookie}; never logged.</li>
 * <li>{@code cookieName} — an RFC 6265 token bound into the token's MAC; must match the router's. Default
 *     {@value #DEFAULT_COOKIE_NAME}.</li>
 * <li>{@code maxAgeSeconds} — token lifetime and cookie {@code Max-Age}, seconds, 1..31536000, or -1: a
 *     browser-session cookie whose token lives {@value #DEFAULT_MAX_AGE_SECONDS} seconds. Default
 *     {@value #DEFAULT_MAX_AGE_SECONDS}.</li>
 * <li>{@code secure} — always {@code Secure}; default {@code false}: {@code Secure} exactly on HTTPS requests.</li>
 * <li>{@code httpOnly} — default {@code true}. {@code sameSite} — {@code Strict}, {@code Lax}, {@code None} or
 *     {@code unset}, any case; default {@code Lax}. {@code path} — default {@code /}.</li>
 * <li>{@code sessionCookieName} — the cookie that tells a request has a session; default {@code JSESSIONID}
 *     (Jetty's {@code SessionHandler} default).</li>
 * </ul>
 *
 * <p><b>Behaviour</b>: a request "has a session" when it presents a session cookie or its response sets one. The
 * cookie is added before the response commits (at its first write, or at the end of a response without content);
 * none when the client already presented a valid token for this route with more than half its lifetime left
 * ({@link BackendTokenIssuer}). A request whose session id names another worker (the router moved the user here)
 * first has every application's {@link LimpetSessionDataStore} check that a copy this node holds is still the
 * live one. The route is also given to the application as the request attribute {@value #ROUTE_ATTRIBUTE}.
 * Malformed, forged, expired or foreign tokens are ignored and replaced.
 *
 * <p>Thread-safe once started.
 */
public class BackendCookieHandler extends Handler.Wrapper {

    /** Request attribute holding this node's route, for the application (as the Tomcat valve's). */
    public static final String ROUTE_ATTRIBUTE = "dev.limpet.route";
    /** Default of {@code cookieName}. */
    public static final String DEFAULT_COOKIE_NAME = "X-Backend";
    /** Default of {@code maxAgeSeconds}: 30 minutes, the default session timeout. */
    public static final int DEFAULT_MAX_AGE_SECONDS = 1800;
    private static final int MAX_AGE_LIMIT_SECONDS = 365 * 24 * 3600;

    private static final System.Logger LOG = System.getLogger(BackendCookieHandler.class.getName());

    private String route;
    private String secretFile;
    private String secretEnv;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private int maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS;
    private boolean secure;
    private boolean httpOnly = true;
    private String sameSite = "Lax";
    private String path = "/";
    private String sessionCookieName = "JSESSIONID";
    private UnaryOperator<String> environment = System::getenv;
    private Clock clock = Clock.systemUTC();

    private volatile BackendTokenIssuer issuer;
    private volatile HttpCookie.SameSite sameSiteValue;

    /** A handler to be given its next handler (Jetty XML {@code insertHandler}). */
    public BackendCookieHandler() {
    }

    /** @param next the handler it wraps */
    public BackendCookieHandler(Handler next) {
        super(next);
    }

    @Override
    protected void doStart() throws Exception {
        List<String> problems = new ArrayList<>();
        String effectiveRoute = resolveRoute(problems);
        KeyRing keyRing = SecretSource.keyRing(secretFile, secretEnv, environment, KeyPurpose.BACKEND_COOKIE, JettyBase.directory(), problems);
        checkCookieSettings(problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("BackendCookieHandler cannot start: " + String.join("; ", problems));
        }
        issuer = new BackendTokenIssuer(new AffinityTokenCodec(cookieName, keyRing), effectiveRoute, clock);
        LOG.log(Level.INFO, "BackendCookieHandler started: route [{0}], cookie [{1}], key id [{2}], maxAgeSeconds [{3}]",
                effectiveRoute, cookieName, keyRing.signingKey().keyId(), maxAgeSeconds);
        super.doStart();
    }

    private String resolveRoute(List<String> problems) {
        String effective = route;
        if (effective == null || effective.isBlank()) {
            SessionIdManager ids = getServer() == null ? null : getServer().getBean(SessionIdManager.class);
            effective = ids == null ? null : ids.getWorkerName();
        }
        if (effective == null || effective.isBlank()) {
            problems.add("no route: set jetty.sessionIdManager.workerName (module sessions) or the handler's route");
            return null;
        }
        if (!RouteCodec.isValidRoute(effective.trim())) {
            problems.add("route [" + effective + "] must match [A-Za-z0-9_-]{1,64}");
            return null;
        }
        return effective.trim();
    }

    private void checkCookieSettings(List<String> problems) {
        for (String[] name : new String[][] {{"cookieName", cookieName}, {"sessionCookieName", sessionCookieName}}) {
            try {
                Syntax.requireValidRFC2616Token(name[1], name[0] + " [" + name[1] + "] is not an RFC 6265 cookie name");
                if (name[1] == null || name[1].isEmpty() || name[1].startsWith("$")) {
                    throw new IllegalArgumentException(name[0] + " [" + name[1] + "] is not an RFC 6265 cookie name");
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (maxAgeSeconds != -1 && (maxAgeSeconds < 1 || maxAgeSeconds > MAX_AGE_LIMIT_SECONDS)) {
            problems.add("maxAgeSeconds [" + maxAgeSeconds + "] must be -1 or 1.." + MAX_AGE_LIMIT_SECONDS);
        }
        String s = sameSite == null ? "" : sameSite.trim().toUpperCase(Locale.ROOT);
        if (s.equals("UNSET")) {
            sameSiteValue = null;
        } else if (List.of("STRICT", "LAX", "NONE").contains(s)) {
            sameSiteValue = HttpCookie.SameSite.valueOf(s);
        } else {
            problems.add("sameSite [" + sameSite + "] must be one of Strict, Lax, None, unset");
        }
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ';')) {
            problems.add("path [" + path + "] must start with '/' and contain no ';' or control characters");
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        BackendTokenIssuer current = issuer;
        request.setAttribute(ROUTE_ATTRIBUTE, current.route());
        List<HttpCookie> cookies = Request.getCookies(request);
        boolean presentsSession = checkMoved(cookies, current.route());
        BackendCookieResponse wrapped = new BackendCookieResponse(request, response,
                r -> settle(request, cookies, presentsSession, current, r));
        return super.handle(request, wrapped, wrapped.completing(callback));
    }

    /** @return whether the request presents a session id; checks a moved one with the session stores */
    private boolean checkMoved(List<HttpCookie> cookies, String localRoute) {
        boolean presents = false;
        for (HttpCookie cookie : cookies) {
            if (!sessionCookieName.equals(cookie.getName()) || cookie.getValue() == null || cookie.getValue().isEmpty()) {
                continue;
            }
            presents = true;
            String id = cookie.getValue();
            int dot = id.lastIndexOf('.');
            if (dot > 0 && !id.substring(dot + 1).equals(localRoute)) {
                for (LimpetSessionDataStoreFactory factory : getServer().getBeans(LimpetSessionDataStoreFactory.class)) {
                    factory.checkMovedSession(id.substring(0, dot));
                }
            }
        }
        return presents;
    }

    /** Adds the cookie, if the request has a session and needs a new token; called once, before commit. */
    private void settle(Request request, List<HttpCookie> cookies, boolean presentsSession, BackendTokenIssuer current,
                        Response response) {
        if (!presentsSession && !setsSessionCookie(response)) {
            return;
        }
        List<String> presented = new ArrayList<>(1);
        for (HttpCookie cookie : cookies) {
            if (cookieName.equals(cookie.getName())) {
                presented.add(cookie.getValue());
            }
        }
        long lifetime = maxAgeSeconds > 0 ? maxAgeSeconds : DEFAULT_MAX_AGE_SECONDS;
        current.tokenToIssue(presented, lifetime).ifPresent(token -> Response.addCookie(response,
                newCookie(token, request.isSecure())));
    }

    private boolean setsSessionCookie(Response response) {
        String prefix = sessionCookieName + "=";
        for (String value : response.getHeaders().getValuesList(org.eclipse.jetty.http.HttpHeader.SET_COOKIE)) {
            if (value.startsWith(prefix) && value.length() > prefix.length() && value.charAt(prefix.length()) != ';') {
                return true;
            }
        }
        return false;
    }

    private HttpCookie newCookie(String token, boolean secureRequest) {
        HttpCookie.Builder cookie = HttpCookie.build(cookieName, token).path(path).httpOnly(httpOnly)
                .secure(secure || secureRequest);
        if (maxAgeSeconds > 0) {
            cookie.maxAge(maxAgeSeconds);
        }
        if (sameSiteValue != null) {
            cookie.sameSite(sameSiteValue);
        }
        return cookie.build();
    }

    /** For tests: where {@code secretEnv} is looked up. */
    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** For tests: the time source of token times. */
    void setClock(Clock clock) {
        this.clock = clock;
    }

    /** @param route this node's route; default the session id manager's worker name */
    public void setRoute(String route) {
        this.route = route;
    }

    /** @return the configured route, or {@code null} */
    public String getRoute() {
        return route;
    }

    /** @param secretFile the master secret file; relative to {@code jetty.base} */
    public void setSecretFile(String secretFile) {
        this.secretFile = secretFile;
    }

    /** @return the secret file, or {@code null} */
    public String getSecretFile() {
        return secretFile;
    }

    /** @param secretEnv the environment variable holding the master secret */
    public void setSecretEnv(String secretEnv) {
        this.secretEnv = secretEnv;
    }

    /** @return the secret's environment variable, or {@code null} */
    public String getSecretEnv() {
        return secretEnv;
    }

    /** @param cookieName the cookie name, an RFC 6265 token, bound into the MAC */
    public void setCookieName(String cookieName) {
        this.cookieName = cookieName;
    }

    /** @return the cookie name */
    public String getCookieName() {
        return cookieName;
    }

    /** @param maxAgeSeconds token lifetime and cookie Max-Age, seconds, 1..31536000, or -1 */
    public void setMaxAgeSeconds(int maxAgeSeconds) {
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** @return token lifetime and cookie Max-Age, seconds, or -1 */
    public int getMaxAgeSeconds() {
        return maxAgeSeconds;
    }

    /** @param secure {@code true} to always mark the cookie Secure */
    public void setSecure(boolean secure) {
        this.secure = secure;
    }

    /** @return whether the cookie is always Secure */
    public boolean isSecure() {
        return secure;
    }

    /** @param httpOnly whether the cookie is HttpOnly */
    public void setHttpOnly(boolean httpOnly) {
        this.httpOnly = httpOnly;
    }

    /** @return whether the cookie is HttpOnly */
    public boolean isHttpOnly() {
        return httpOnly;
    }

    /** @param sameSite {@code Strict}, {@code Lax}, {@code None} or {@code unset}, any case */
    public void setSameSite(String sameSite) {
        this.sameSite = sameSite;
    }

    /** @return the SameSite setting */
    public String getSameSite() {
        return sameSite;
    }

    /** @param path the cookie Path */
    public void setPath(String path) {
        this.path = path;
    }

    /** @return the cookie Path */
    public String getPath() {
        return path;
    }

    /** @param sessionCookieName the session cookie's name */
    public void setSessionCookieName(String sessionCookieName) {
        this.sessionCookieName = sessionCookieName;
    }

    /** @return the session cookie's name */
    public String getSessionCookieName() {
        return sessionCookieName;
    }
}
