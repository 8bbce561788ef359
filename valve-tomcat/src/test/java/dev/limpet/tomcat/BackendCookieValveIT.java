package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityToken;
import dev.limpet.core.token.AffinityTokenCodec;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The valve in a real embedded Tomcat on port 0, driven over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendCookieValveIT {

    private static final String SECRET = "backend-cookie-valve-it-secret-0001";
    private static final long START_SECONDS = 1_800_000_000L;

    private final MutableClock clock = new MutableClock(START_SECONDS);
    private final AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
            MasterSecrets.parse(SECRET, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
    private final HttpClient http = HttpClient.newHttpClient();
    private Tomcat tomcat;
    private String base;

    @BeforeAll
    void startTomcat(@TempDir Path dir) throws IOException, LifecycleException {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getEngine().setJvmRoute("node1");
        Context shop = tomcat.addContext("/shop", null);
        addServlet(shop, "/session-then-commit", new SessionThenCommitServlet());
        addServlet(shop, "/no-session", new NoSessionServlet());
        addServlet(shop, "/existing-session", new ExistingSessionServlet());
        shop.getPipeline().addValve(valve(secret));
        Context internal = tomcat.addContext("/internal", null);
        addServlet(internal, "/no-session", new NoSessionServlet());
        internal.getPipeline().addValve(valve(secret));
        internal.getPipeline().addValve(new ContainerSessionValve());
        Context root = tomcat.addContext("", null);
        root.setSessionTimeout(20);
        addServlet(root, "/session-then-commit", new SessionThenCommitServlet());
        BackendCookieValve browserSession = valve(secret);
        browserSession.setMaxAgeSeconds(-1);
        browserSession.setSecure(true);
        browserSession.setHttpOnly(false);
        browserSession.setSameSite("strict");
        browserSession.setRoute("blue");
        root.getPipeline().addValve(browserSession);
        tomcat.getConnector();
        tomcat.start();
        base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
    }

    private BackendCookieValve valve(Path secret) {
        BackendCookieValve valve = new BackendCookieValve();
        valve.setSecretFile(secret.toString());
        valve.setClock(clock);
        return valve;
    }

    @AfterAll
    void stopTomcat() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    private static void addServlet(Context context, String pattern, HttpServlet servlet) {
        Tomcat.addServlet(context, pattern, servlet);
        context.addServletMappingDecoded(pattern, pattern);
    }

    private HttpResponse<String> get(String path, String cookieHeader) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (cookieHeader != null) {
            request.header("Cookie", cookieHeader);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private AffinityToken verified(SetCookie cookie) {
        return codec.read(cookie.value(), clock.epochSeconds())
                .orElseThrow(() -> new AssertionError("X-Backend does not verify: " + cookie));
    }

    @Test
    void aSessionCreatedBeforeAnEarlyCommitGetsTheSignedCookie() throws Exception {
        HttpResponse<String> response = get("/shop/session-then-commit", null);
        SetCookie backend = SetCookie.named(response, "X-Backend").orElseThrow();
        AffinityToken token = verified(backend);
        assertEquals("node1", token.route());
        assertEquals(clock.epochSeconds() + 1800, token.expiresSeconds());
        assertEquals("/shop", backend.attribute("path"));
        assertEquals("1800", backend.attribute("max-age"));
        assertEquals("", backend.attribute("httponly"));
        assertEquals("Lax", backend.attribute("samesite"));
        assertFalse(backend.attributes().containsKey("secure"), "plain HTTP request: no Secure");
        assertTrue(SetCookie.named(response, "JSESSIONID").orElseThrow().value().endsWith(".node1"));
        assertTrue(response.body().length() > 64 * 1024, "the servlet wrote past the buffer");
    }

    @Test
    void requestsWithoutASessionGetNoCookieButSeeTheRoute() throws Exception {
        HttpResponse<String> response = get("/shop/no-session", null);
        assertEquals(Optional.empty(), SetCookie.named(response, "X-Backend"));
        assertEquals("route=node1", response.body());
    }

    @Test
    void aFreshTokenIsNotResentAndIsRefreshedPastHalfItsLifetime() throws Exception {
        HttpResponse<String> first = get("/shop/session-then-commit", null);
        String session = "JSESSIONID=" + SetCookie.named(first, "JSESSIONID").orElseThrow().value();
        AffinityToken issued = verified(SetCookie.named(first, "X-Backend").orElseThrow());
        String cookies = session + "; X-Backend=" + SetCookie.named(first, "X-Backend").orElseThrow().value();

        clock.advanceSeconds(899);
        assertEquals(Optional.empty(), SetCookie.named(get("/shop/existing-session", cookies), "X-Backend"));

        clock.advanceSeconds(2);
        SetCookie refreshed = SetCookie.named(get("/shop/existing-session", cookies), "X-Backend").orElseThrow();
        AffinityToken token = verified(refreshed);
        assertEquals(issued.createdSeconds(), token.createdSeconds());
        assertEquals(clock.epochSeconds() + 1800, token.expiresSeconds());
    }

    @Test
    void forgedOrForeignTokensAreReplacedWithoutAnError() throws Exception {
        HttpResponse<String> first = get("/shop/session-then-commit", null);
        String session = "JSESSIONID=" + SetCookie.named(first, "JSESSIONID").orElseThrow().value();
        String otherRoute = codec.sign("node2", clock.epochSeconds(), clock.epochSeconds() + 1800);
        String tampered = otherRoute.replace(".node2.", ".node1.");
        for (String presented : new String[] {otherRoute, tampered, "garbage", "1." + "A".repeat(300)}) {
            HttpResponse<String> response = get("/shop/existing-session", session + "; X-Backend=" + presented);
            assertEquals("node1", verified(SetCookie.named(response, "X-Backend").orElseThrow()).route(), presented);
        }
    }

    @Test
    void aSessionCreatedByTheContainerAfterTheApplicationIsCaughtOnReturn() throws Exception {
        HttpResponse<String> response = get("/internal/no-session", null);
        assertEquals("/internal", SetCookie.named(response, "X-Backend").orElseThrow().attribute("path"));
    }

    @Test
    void everyAttributeShowsInTheCookieAndMinusOneFollowsTheSessionTimeout() throws Exception {
        HttpResponse<String> response = get("/session-then-commit", null);
        SetCookie backend = SetCookie.named(response, "X-Backend").orElseThrow();
        AffinityToken token = verified(backend);
        assertEquals("blue", token.route());
        assertEquals(clock.epochSeconds() + 20 * 60, token.expiresSeconds(), "the ROOT context's 20 minute timeout");
        assertEquals("/", backend.attribute("path"));
        assertFalse(backend.attributes().containsKey("max-age"), "a browser-session cookie");
        assertFalse(backend.attributes().containsKey("expires"), "a browser-session cookie");
        assertEquals("", backend.attribute("secure"));
        assertFalse(backend.attributes().containsKey("httponly"));
        assertEquals("Strict", backend.attribute("samesite"));
    }

    /** Creates the session, then writes more than the response buffer so the response commits early. */
    static final class SessionThenCommitServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.getSession().setAttribute("visits", 1);
            resp.setContentType("text/plain");
            resp.getWriter().write("x".repeat(70 * 1024));
        }
    }

    static final class NoSessionServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write("route=" + req.getAttribute(BackendCookieValve.ROUTE_ATTRIBUTE));
        }
    }

    static final class ExistingSessionServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write(req.getSession(false) != null ? "session" : "none");
        }
    }

    /** Stands in for an authenticator: creates the session through Tomcat's internal API, after the app ran. */
    static final class ContainerSessionValve extends ValveBase {
        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            request.getSessionInternal(true);
        }
    }
}
