package dev.limpet.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DefaultSessionCacheFactory;
import org.eclipse.jetty.session.DefaultSessionIdManager;

/**
 * One embedded Jetty 12 (ee10) node as docs/jetty.md configures one: a {@code DefaultSessionIdManager} whose worker
 * name is the route, Jetty's {@code DefaultSessionCache} with {@code flushOnResponseCommit}, a
 * {@link LimpetSessionDataStoreFactory} server bean and the {@link BackendCookieHandler} in front; a cart servlet
 * at {@code /app/cart} whose list is changed in place (one {@code setAttribute}, then {@code add}).
 */
final class JettyNode implements AutoCloseable {

    /** A session attribute value of a class the class filter of a restricted node refuses. */
    static final class Note implements Serializable {
        private static final long serialVersionUID = 1L;
        final String text;

        Note(String text) {
            this.text = text;
        }
    }

    /** {@code ?add=X} adds X in place; {@code ?logout} invalidates; {@code ?note=X} stores a {@link Note}. */
    public static final class CartServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** Made by Jetty. */
        public CartServlet() {
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("X-Served-By", String.valueOf(request.getAttribute(BackendCookieHandler.ROUTE_ATTRIBUTE)));
            response.setContentType("text/plain;charset=UTF-8");
            if (request.getParameter("logout") != null) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.getWriter().write("bye");
                return;
            }
            HttpSession session = request.getSession();
            List<String> cart;
            synchronized (session) {
                cart = (List<String>) session.getAttribute("cart");
                if (cart == null) {
                    cart = new ArrayList<>();
                    session.setAttribute("cart", cart);
                }
            }
            if (request.getParameter("add") != null) {
                cart.add(request.getParameter("add"));
            }
            if (request.getParameter("note") != null) {
                session.setAttribute("note", new Note(request.getParameter("note")));
            }
            response.getWriter().write(cart.toString());
        }
    }

    private final Server server;
    final LimpetSessionDataStoreFactory factory;

    private JettyNode(Server server, LimpetSessionDataStoreFactory factory) {
        this.server = server;
        this.factory = factory;
    }

    static JettyNode start(String route, Path secret, String storeUri, Consumer<LimpetSessionDataStoreFactory> tune)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        ids.setWorkerName(route);
        server.addBean(ids, true);
        DefaultSessionCacheFactory caches = new DefaultSessionCacheFactory();
        caches.setFlushOnResponseCommit(true);
        server.addBean(caches);
        LimpetSessionDataStoreFactory factory = new LimpetSessionDataStoreFactory();
        factory.setStoreUri(storeUri);
        factory.setSecretFile(secret.toString());
        factory.setOperationTimeoutMillis(300);
        tune.accept(factory);
        server.addBean(factory);
        ServletContextHandler context = new ServletContextHandler("/app", ServletContextHandler.SESSIONS);
        context.addServlet(CartServlet.class, "/cart");
        BackendCookieHandler backendCookie = new BackendCookieHandler(context);
        backendCookie.setSecretFile(secret.toString());
        server.setHandler(backendCookie);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new JettyNode(server, factory);
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/app" + pathAndQuery;
    }

    /** @return the data store of the {@code /app} context */
    LimpetSessionDataStore store() {
        ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
        return (LimpetSessionDataStore) context.getSessionHandler().getSessionCache().getSessionDataStore();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
