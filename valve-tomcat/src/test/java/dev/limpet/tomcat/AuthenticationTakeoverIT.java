package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Container authentication travels with the session ({@code persistAuthentication}, on by default): a user logged
 * in on node1 (the authenticator caches the principal in the session) is the same user on node2 after a takeover
 * (sticky) or on the next request there (non-sticky); a logout on node2 logs the user out on node1 too
 * (non-sticky: each request reads the session from the store); with {@code persistAuthentication="false"} the
 * session moves but the login does not. Two embedded Tomcats sharing an H2 store; {@code GenericPrincipal} from a
 * realm.
 */
class AuthenticationTakeoverIT {

    private static final String SECRET = "authentication-takeover-it-secret-01";
    private static final String USER = "tester";
    private static final String PASSWORD = "tester-password";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "sticky={0}")
    @ValueSource(booleans = {true, false})
    void theLoginMovesWithTheSessionAndSoDoesTheLogout(boolean sticky) throws Exception {
        String store = "jdbc:h2:mem:auth" + UUID.randomUUID().toString().replace("-", "");
        try (Node node1 = new Node("node1", store, m -> m.setSticky(sticky));
             Node node2 = new Node("node2", store, m -> m.setSticky(sticky))) {
            Client user = new Client();
            assertEquals("user=tester", body(user.get(node1.url("/login"))));
            assertEquals("user=tester", body(user.get(node1.url("/whoami"))));
            node1.awaitBackups();
            assertEquals("user=tester", body(user.get(node2.url("/whoami"))), "the same principal on node2");
            assertEquals("user=tester", body(user.get(node2.url("/whoami"))));
            if (!sticky) {
                assertEquals("user=null", body(user.get(node2.url("/logout"))));
                assertEquals("user=null", body(user.get(node1.url("/whoami"))), "logged out on node1 too");
            }
        }
    }

    @Test
    void withPersistAuthenticationOffTheSessionMovesButTheUserLogsInAgain() throws Exception {
        String store = "jdbc:h2:mem:noauth" + UUID.randomUUID().toString().replace("-", "");
        try (Node node1 = new Node("node1", store, m -> m.setPersistAuthentication(false));
             Node node2 = new Node("node2", store, m -> m.setPersistAuthentication(false))) {
            Client user = new Client();
            assertEquals("user=tester", body(user.get(node1.url("/login"))));
            node1.awaitBackups();
            HttpResponse<String> moved = user.get(node2.url("/whoami"));
            assertEquals("user=null", body(moved));
            assertEquals("node2", moved.headers().firstValue("X-Session-Route").orElseThrow(), "the session moved");
        }
    }

    private static String body(HttpResponse<String> response) {
        return response.body().strip();
    }

    /** One embedded node: {@code /app} with a BASIC authenticator (caching in the session) and a one-user realm. */
    private final class Node implements AutoCloseable {
        private final Tomcat tomcat = new Tomcat();
        private final LimpetSessionManager manager = new LimpetSessionManager();

        Node(String route, String storeUri, Consumer<LimpetSessionManager> configure) throws Exception {
            tomcat.setBaseDir(dir.resolve(route).toString());
            tomcat.setPort(0);
            tomcat.getEngine().setJvmRoute(route);
            tomcat.getEngine().setName("Tomcat-" + route);
            Context app = tomcat.addContext("/app", null);
            manager.setStoreUri(storeUri);
            manager.setSecretFile(Files.writeString(dir.resolve("secret-" + route), SECRET + "\n").toString());
            configure.accept(manager);
            app.setManager(manager);
            app.setRealm(new OneUserRealm());
            app.getPipeline().addValve(new BasicAuthenticator());
            Tomcat.addServlet(app, "auth", new AuthServlet());
            for (String path : List.of("/login", "/whoami", "/logout")) {
                app.addServletMappingDecoded(path, "auth");
            }
            tomcat.getConnector();
            tomcat.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app" + path;
        }

        void awaitBackups() throws InterruptedException {
            if (!manager.backupQueue().awaitEmpty(10_000)) {
                throw new AssertionError("backups still queued");
            }
        }

        @Override
        public void close() throws LifecycleException {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** {@code /login}: a session, then {@code request.login}; {@code /logout}; {@code /whoami}. */
    private static final class AuthServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            request.getSession();
            if (request.getServletPath().equals("/login")) {
                request.login(USER, PASSWORD);
            } else if (request.getServletPath().equals("/logout")) {
                request.logout();
            }
            String id = request.getSession().getId();
            response.setHeader("X-Session-Route", id.substring(id.lastIndexOf('.') + 1));
            response.setContentType("text/plain");
            response.getWriter().println("user=" + request.getRemoteUser());
        }
    }

    /** One user, role {@code tomcat}; principals are Tomcat's {@link GenericPrincipal}. */
    private static final class OneUserRealm extends RealmBase {
        @Override
        protected String getPassword(String username) {
            return USER.equals(username) ? PASSWORD : null;
        }

        @Override
        protected Principal getPrincipal(String username) {
            return new GenericPrincipal(username, List.of("tomcat"));
        }
    }
}
