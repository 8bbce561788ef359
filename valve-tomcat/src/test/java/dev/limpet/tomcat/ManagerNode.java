package dev.limpet.tomcat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * One embedded Tomcat node on port 0 with route {@code route}, context {@code /app} managed by a
 * {@link LimpetSessionManager} (and a {@link BackendCookieValve}), and a few servlets:
 * {@code /app/cart[?add=x]} (cart changed in place), {@code /app/touch} (session, no attribute),
 * {@code /app/none} (no session), {@code /app/invalidate}, {@code /app/logo.png}, {@code /app/gift} (an attribute that
 * does not serialize). Counts session listener events.
 */
final class ManagerNode implements AutoCloseable {

    static final AtomicInteger ACTIVATIONS = new AtomicInteger();
    /** Opened by a test to let {@code /stream} finish its response. */
    static volatile java.util.concurrent.CountDownLatch streamGate = new java.util.concurrent.CountDownLatch(0);

    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger destroyed = new AtomicInteger();
    private final Tomcat tomcat;
    private final LimpetSessionManager manager;
    private final String route;

    private ManagerNode(Tomcat tomcat, LimpetSessionManager manager, String route) {
        this.tomcat = tomcat;
        this.manager = manager;
        this.route = route;
    }

    static ManagerNode start(Path dir, String route, Path secret, String storeUri, Consumer<LimpetSessionManager> configure)
            throws LifecycleException {
        return start(dir, route, secret, storeUri, true, configure);
    }

    static ManagerNode start(Path dir, String route, Path secret, String storeUri, boolean backendCookieValve,
                             Consumer<LimpetSessionManager> configure) throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve(route).toString());
        tomcat.setPort(0);
        tomcat.getEngine().setJvmRoute(route);
        tomcat.getEngine().setName("Tomcat-" + route);
        Context app = tomcat.addContext("/app", null);
        LimpetSessionManager manager = new LimpetSessionManager();
        manager.setStoreUri(storeUri);
        manager.setSecretFile(secret.toString());
        manager.setSessionAttributeValueClassNameFilter("dev\\.limpet\\.tomcat\\..*");
        configure.accept(manager);
        app.setManager(manager);
        if (backendCookieValve) {
            BackendCookieValve valve = new BackendCookieValve();
            valve.setSecretFile(secret.toString());
            app.getPipeline().addValve(valve);
        }
        ManagerNode node = new ManagerNode(tomcat, manager, route);
        app.addApplicationListener(Listeners.class.getName());
        app.getServletContext();
        add(app, "/cart", new CartServlet());
        add(app, "/touch", new TouchServlet());
        add(app, "/none", new NoneServlet());
        add(app, "/invalidate", new InvalidateServlet());
        add(app, "/logo.png", new TouchServlet());
        add(app, "/gift", new GiftServlet());
        add(app, "/stream", new StreamServlet());
        tomcat.getConnector();
        tomcat.start();
        app.getServletContext().setAttribute("node", node);
        return node;
    }

    private static void add(Context context, String pattern, HttpServlet servlet) {
        Tomcat.addServlet(context, pattern, servlet);
        context.addServletMappingDecoded(pattern, pattern);
    }

    String url(String path) {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app" + path;
    }

    LimpetSessionManager manager() {
        return manager;
    }

    String route() {
        return route;
    }

    /** Waits for asynchronous backups. */
    void awaitBackups() throws InterruptedException {
        if (!manager.backupQueue().awaitEmpty(10_000)) {
            throw new AssertionError("backups still queued: " + manager.getBackupQueueSize());
        }
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /** Counts created and destroyed sessions of the node it runs in. */
    public static final class Listeners implements HttpSessionListener {
        @Override
        public void sessionCreated(HttpSessionEvent event) {
            node(event).created.incrementAndGet();
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            node(event).destroyed.incrementAndGet();
        }

        private static ManagerNode node(HttpSessionEvent event) {
            return (ManagerNode) event.getSession().getServletContext().getAttribute("node");
        }
    }

    /** An attribute that counts activations (takeovers fire them). */
    public static final class ActivationProbe implements HttpSessionActivationListener, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void sessionDidActivate(HttpSessionEvent event) {
            ACTIVATIONS.incrementAndGet();
        }
    }

    private static final class CartServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            TestCart cart = (TestCart) session.getAttribute("cart");
            if (cart == null) {
                cart = new TestCart();
                session.setAttribute("cart", cart);
                session.setAttribute("probe", new ActivationProbe());
            }
            if (request.getParameter("maxInactiveSeconds") != null) {
                session.setMaxInactiveInterval(Integer.parseInt(request.getParameter("maxInactiveSeconds")));
            }
            String add = request.getParameter("add");
            if (add != null) {
                cart.add(add);
            }
            response.setContentType("text/plain");
            response.getWriter().write("id=" + session.getId() + "\nitems=" + cart.items() + "\n");
        }
    }

    /** {@code /stream?add=x}: adds to the cart, flushes the first part, waits for {@link #streamGate}, ends. */
    private static final class StreamServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            TestCart cart = (TestCart) request.getSession().getAttribute("cart");
            cart.add(request.getParameter("add"));
            response.setContentType("text/plain");
            response.getWriter().write("items=" + cart.items() + "\n");
            response.flushBuffer();
            try {
                streamGate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.getWriter().write("done\n");
        }
    }

    /** A gift whose wrapping, deep inside, does not serialize — as a careless application's attribute. */
    public static final class Gift implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Object wrapping = new Object();

        @Override
        public String toString() {
            return "gift in " + wrapping.getClass().getSimpleName();
        }
    }

    /** {@code /gift}: puts a {@link Gift} in the session (every backup of it then fails). */
    private static final class GiftServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getSession().setAttribute("gift", new Gift());
            response.getWriter().write("id=" + request.getSession().getId() + "\n");
        }
    }

    private static final class TouchServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("id=" + request.getSession().getId() + "\n");
        }
    }

    private static final class NoneServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("no session\n");
        }
    }

    private static final class InvalidateServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.getWriter().write("invalidated\n");
        }
    }
}
