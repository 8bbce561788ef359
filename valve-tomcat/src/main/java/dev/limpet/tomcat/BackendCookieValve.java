package dev.limpet.tomcat;

import dev.limpet.sessions.BackendTokenIssuer;
import dev.limpet.sessions.CookieSettings;
import dev.limpet.sessions.SecretSource;
import dev.limpet.servlet.BackendCookieExchange;
import dev.limpet.servlet.SessionWatchingRequest;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.token.AffinityTokenCodec;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.catalina.Container;
import org.apache.catalina.Engine;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.util.SessionConfig;
import org.apache.catalina.valves.ValveBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Names this node to the Limpet router: every response of a request that has an HTTP session carries a
 * signed, expiring {@code X-Backend} cookie with this node's route (docs/architecture.md §2, {@code docs/affinity-token.md};
 * install guide {@code docs/tomcat.md}). Configure it in {@code context.xml} (or on a Host or the Engine):
 * <pre>{@code <Valve className="dev.limpet.tomcat.BackendCookieValve" secretFile="/etc/limpet/secret"/>}</pre>
 *
 * <p><b>Attributes</b> (all checked when the valve starts; every problem is reported in one
 * {@link LifecycleException} and the Context does not start):
 * <ul>
 * <li>{@code route} — this node's route, {@code [A-Za-z0-9_-]{1,64}}. Default: the Engine's {@code jvmRoute}.
 *     Starting fails when neither is set.</li>
 * <li>{@code secretFile} — path of the master secret file (format: {@code docs/affinity-token.md} §1); a
 *     relative path is resolved against {@code $CATALINA_BASE}. No default.</li>
 * <li>{@code secretEnv} — name of an environment variable holding the secrets instead. Exactly one of
 *     {@code secretFile} and {@code secretEnv} must be set. The key is derived for purpose
 *     {@code backend-cookie}; the secret is never logged (the public key id is).</li>
 * <li>{@code cookieName} — the cookie's name, an RFC 6265 token; also bound into the token's MAC, so it must
 *     match the router's {@code backend-cookie} name. Default {@code X-Backend}.</li>
 * <li>{@code maxAgeSeconds} — token lifetime and cookie {@code Max-Age}, seconds, 1..31536000. Default
 *     {@code 1800} (Tomcat's default session timeout). {@code -1}: a browser-session cookie (no
 *     {@code Max-Age}) whose token lives as long as the Context's session timeout ({@code <session-timeout>};
 *     1800 seconds when sessions never time out).</li>
 * <li>{@code secure} — {@code true}: always mark the cookie {@code Secure} (use when TLS ends at the router or a
 *     load balancer). Default {@code false}: {@code Secure} exactly when the request arrived over HTTPS
 *     ({@code request.isSecure()}), as Tomcat does for its session cookie.</li>
 * <li>{@code httpOnly} — mark the cookie {@code HttpOnly} (RFC 6265 §4.1.2.6). Default {@code true}.</li>
 * <li>{@code sameSite} — {@code Strict}, {@code Lax}, {@code None} or {@code unset} (leave it to the Context's
 *     CookieProcessor {@code sameSiteCookies}), any case. Default {@code Lax}. {@code None} needs
 *     {@code Secure} in browsers; a warning is logged when {@code secure} is false.</li>
 * <li>{@code path} — the cookie's {@code Path}. Default: the same path as the Context's session cookie
 *     ({@code <session-config><cookie-config><path>}, else the context path, {@code /} for the ROOT context;
 *     Tomcat's {@code sessionCookiePath} rules), so the cookie travels exactly where the session does.</li>
 * </ul>
 *
 * <p><b>Behaviour</b>: a request with a session at entry gets the cookie before the application runs. For one
 * without, the application sees a request wrapper that adds the cookie the moment it obtains a session, so the
 * cookie is set even when the application commits the response right after creating the session; a session
 * created by Tomcat itself (an authenticator) is caught after the application returns, if the response is not
 * committed yet, else on the next request. No cookie is added when the client already presented a valid token
 * for this route with more than half its lifetime left (see {@link BackendTokenIssuer}), so a request costs at
 * most one HMAC verification. Malformed, forged, expired or foreign tokens are ignored and replaced. The valve
 * also exposes the route to the application as the request attribute {@value #ROUTE_ATTRIBUTE}.
 *
 * <p><b>Thread-safety</b>: attributes are set before start; {@link #invoke} is safe for concurrent requests.
 * Logging goes to the JULI logger {@code dev.limpet.tomcat.BackendCookieValve} (per instance).
 */
public class BackendCookieValve extends ValveBase {

    /** Request attribute holding this node's route, for the application (e.g. to show which node served). */
    public static final String ROUTE_ATTRIBUTE = "dev.limpet.route";

    /** Default of {@code cookieName}. */
    public static final String DEFAULT_COOKIE_NAME = "X-Backend";

    /** Default of {@code maxAgeSeconds}: Tomcat's default session timeout, 30 minutes. */
    public static final int DEFAULT_MAX_AGE_SECONDS = 1800;

    private final Log log = LogFactory.getLog(BackendCookieValve.class);

    private String route;
    private String secretFile;
    private String secretEnv;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private int maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS;
    private boolean secure;
    private boolean httpOnly = true;
    private String sameSite = "Lax";
    private String path;

    private UnaryOperator<String> environment = System::getenv;
    private Clock clock = Clock.systemUTC();

    private volatile BackendTokenIssuer issuer;
    private volatile CookieSettings settings;

    /** Creates the valve; it supports asynchronous requests. */
    public BackendCookieValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        BackendTokenIssuer currentIssuer = issuer;
        if (request.getAttribute(ROUTE_ATTRIBUTE) == null) {
            request.setAttribute(ROUTE_ATTRIBUTE, currentIssuer.route());
        }
        org.apache.catalina.Context context = request.getContext();
        BackendCookieExchange exchange = new BackendCookieExchange(request, response, currentIssuer, settings,
                () -> request.getSessionInternal(false) != null, context == null ? -1 : context.getSessionTimeout(),
                context == null ? "/" : SessionConfig.getSessionCookiePath(context));
        if (exchange.settleIfSession()) {
            getNext().invoke(request, response);
            return;
        }
        HttpServletRequest previous = request.getRequest();
        request.setRequest(new SessionWatchingRequest(previous, exchange));
        try {
            getNext().invoke(request, response);
        } finally {
            request.setRequest(previous);
        }
        if (!request.isAsyncStarted()) {
            exchange.settleIfSession();
        }
    }

    @Override
    protected void startInternal() throws LifecycleException {
        List<String> problems = new ArrayList<>();
        String effectiveRoute = resolveRoute(problems);
        KeyRing keyRing = loadKeyRing(problems);
        CookieSettings validated = CookieSettings.validate(cookieName, maxAgeSeconds, secure, httpOnly, sameSite, path,
                problems);
        if (!problems.isEmpty()) {
            throw new LifecycleException("BackendCookieValve of [" + containerName() + "] cannot start: "
                    + String.join("; ", problems));
        }
        settings = validated;
        issuer = new BackendTokenIssuer(new AffinityTokenCodec(cookieName, keyRing), effectiveRoute, clock);
        if (validated.sameSiteNoneWithoutSecure()) {
            log.warn("BackendCookieValve of [" + containerName() + "]: sameSite [None] without secure [true]:"
                    + " browsers drop such cookies on plain HTTP");
        }
        log.info("BackendCookieValve of [" + containerName() + "] started: route [" + effectiveRoute + "], cookie ["
                + cookieName + "], key id [" + keyRing.signingKey().keyId() + "], maxAgeSeconds [" + maxAgeSeconds
                + "], sameSite [" + validated.sameSite() + "]");
        super.startInternal();
    }

    private String resolveRoute(List<String> problems) {
        String jvmRoute = engineJvmRoute();
        String effective = route != null && !route.isEmpty() ? route : jvmRoute;
        if (effective == null || effective.isEmpty()) {
            problems.add("no route: set the valve's route attribute or the Engine's jvmRoute (server.xml"
                    + " <Engine jvmRoute=\"node1\">)");
            return null;
        }
        if (!RouteCodec.isValidRoute(effective)) {
            problems.add("route [" + effective + "] must match [A-Za-z0-9_-]{1,64}"
                    + (effective.equals(jvmRoute) ? " (taken from the Engine's jvmRoute)" : ""));
            return null;
        }
        if (jvmRoute != null && !jvmRoute.isEmpty() && !jvmRoute.equals(effective)) {
            log.warn("BackendCookieValve of [" + containerName() + "]: route [" + effective
                    + "] differs from the Engine's jvmRoute [" + jvmRoute + "]; session ids will name another route");
        }
        return effective;
    }

    private KeyRing loadKeyRing(List<String> problems) {
        return SecretSource.keyRing(secretFile, secretEnv, environment, KeyPurpose.BACKEND_COOKIE,
                ConfigurableManagerBase.catalinaBase(), problems);
    }

    private String engineJvmRoute() {
        for (Container c = getContainer(); c != null; c = c.getParent()) {
            if (c instanceof Engine) {
                return ((Engine) c).getJvmRoute();
            }
        }
        return null;
    }

    private String containerName() {
        Container c = getContainer();
        return c == null ? "(no container)" : c.getName();
    }

    /** For tests: where {@code secretEnv} is looked up (default {@link System#getenv(String)}). */
    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** For tests: the time source of token times (default the system UTC clock). */
    void setClock(Clock clock) {
        this.clock = clock;
    }

    /** @return the {@code route} attribute as set, or {@code null} (the Engine's jvmRoute is then used) */
    public String getRoute() {
        return route;
    }

    /** @param route this node's route; default the Engine's {@code jvmRoute} */
    public void setRoute(String route) {
        this.route = route;
    }

    /** @return the {@code secretFile} attribute, or {@code null} */
    public String getSecretFile() {
        return secretFile;
    }

    /** @param secretFile path of the master secret file; relative to {@code $CATALINA_BASE} */
    public void setSecretFile(String secretFile) {
        this.secretFile = secretFile;
    }

    /** @return the {@code secretEnv} attribute, or {@code null} */
    public String getSecretEnv() {
        return secretEnv;
    }

    /** @param secretEnv name of the environment variable holding the master secrets */
    public void setSecretEnv(String secretEnv) {
        this.secretEnv = secretEnv;
    }

    /** @return the cookie name; default {@value #DEFAULT_COOKIE_NAME} */
    public String getCookieName() {
        return cookieName;
    }

    /** @param cookieName the cookie name, an RFC 6265 token, bound into the MAC */
    public void setCookieName(String cookieName) {
        this.cookieName = cookieName;
    }

    /** @return token lifetime and cookie Max-Age in seconds, or -1; default {@value #DEFAULT_MAX_AGE_SECONDS} */
    public int getMaxAgeSeconds() {
        return maxAgeSeconds;
    }

    /** @param maxAgeSeconds token lifetime and cookie Max-Age, seconds, 1..31536000, or -1 (see class javadoc) */
    public void setMaxAgeSeconds(int maxAgeSeconds) {
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** @return whether the cookie is always Secure; default {@code false} (Secure on HTTPS requests only) */
    public boolean isSecure() {
        return secure;
    }

    /** @param secure {@code true} to always mark the cookie Secure */
    public void setSecure(boolean secure) {
        this.secure = secure;
    }

    /** @return whether the cookie is HttpOnly; default {@code true} */
    public boolean isHttpOnly() {
        return httpOnly;
    }

    /** @param httpOnly whether the cookie is HttpOnly */
    public void setHttpOnly(boolean httpOnly) {
        this.httpOnly = httpOnly;
    }

    /** @return the SameSite attribute; default {@code Lax} */
    public String getSameSite() {
        return sameSite;
    }

    /** @param sameSite {@code Strict}, {@code Lax}, {@code None} or {@code unset}, any case */
    public void setSameSite(String sameSite) {
        this.sameSite = sameSite;
    }

    /** @return the {@code path} attribute, or {@code null} (the session cookie's path is then used) */
    public String getPath() {
        return path;
    }

    /** @param path the cookie Path; default the Context's session cookie path */
    public void setPath(String path) {
        this.path = path;
    }
}
