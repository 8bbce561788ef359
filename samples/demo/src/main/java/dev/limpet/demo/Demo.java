package dev.limpet.demo;

import dev.limpet.router.LimpetRouter;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.config.RouterConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.Optional;
import java.util.Set;
import org.apache.catalina.LifecycleException;

/**
 * The running demo: three {@link EmbeddedCartNode}s ({@code node1..node3}) behind the Limpet router, sharing a
 * throwaway secret in a private temporary directory that {@link #close()} deletes, and sharing sessions through
 * the embedded default store (an in-memory H2 database of this JVM, one per demo) with
 * {@code LimpetSessionManager}: stop a node and its users keep their cart on another node.
 *
 * <p>Nodes are stopped and started by the console ({@link DemoConsole}) or by the buttons that the demo alone
 * adds to the cart page ({@link NodePanelValve}); the buttons post to the demo's own loopback listener
 * ({@link DemoControlServer}), never to the cart webapp.
 *
 * <p>Thread-safe: {@link #stopNode}, {@link #startNode} and {@link #close} are synchronized; {@link #status}
 * reads a published snapshot instead, so that a page being rendered never waits for a node to stop.
 */
public final class Demo implements AutoCloseable {

    /** The routes of the demo's nodes. */
    public static final List<String> ROUTES = List.of("node1", "node2", "node3");

    private final Path workDir;
    private final Path secretFile;
    private final Path war;
    private final Path contextXml;
    private final CartNode[] nodes = new CartNode[ROUTES.size()];
    private final boolean jetty;
    private final String storeUri;
    private final int[] nodePorts = new int[ROUTES.size()];
    private final DemoControlServer control;
    /** The routes of the running nodes, for readers that must not wait for the lock (pages being rendered). */
    private volatile Set<String> runningRoutes = Set.of();
    private volatile LimpetRouter router;
    private boolean closed;

    private Demo(Path workDir, boolean jetty) throws IOException {
        this.workDir = workDir;
        this.jetty = jetty;
        this.storeUri = "jdbc:h2:mem:limpet-demo-" + UUID.randomUUID();
        this.war = DemoFiles.extractCartWar(workDir.resolve("cart.war"));
        this.secretFile = DemoFiles.newSecretFile(workDir);
        this.contextXml = EmbeddedCartNode.sessionContextXml(workDir.resolve("cart-context.xml"), secretFile, storeUri);
        this.control = DemoControlServer.start(new DemoControl(this, DemoControl.newToken()));
    }

    /**
     * Starts the nodes, then the router.
     *
     * @param routerPort the router's port on 127.0.0.1, 0 for any free one
     * @return the running demo
     * @throws DemoException if anything fails to start (everything started so far is stopped again)
     */
    public static Demo start(int routerPort) {
        return start(routerPort, false);
    }

    /**
     * As {@link #start(int)}, with embedded Jetty 12 nodes instead of Tomcat when {@code jetty} is true (Limpet's
     * Jetty session store and X-Backend handler, docs/jetty.md).
     *
     * @param routerPort the router's port on 127.0.0.1, 0 for any free one
     * @param jetty      Jetty nodes instead of Tomcat nodes
     * @return the running demo
     * @throws DemoException if anything fails to start
     */
    public static Demo start(int routerPort, boolean jetty) {
        Demo demo = null;
        boolean started = false;
        try {
            demo = new Demo(DemoFiles.privateTempDirectory(), jetty);
            for (int i = 0; i < ROUTES.size(); i++) {
                demo.nodes[i] = demo.startNode(ROUTES.get(i), 0);
                demo.nodePorts[i] = demo.nodes[i].port();
            }
            demo.publishRunningRoutes();
            demo.router = LimpetRouter.start(RouterConfig.fromYaml(demo.routerYaml(routerPort)));
            started = true;
            return demo;
        } catch (Exception e) {
            throw new DemoException("the demo did not start: " + e.getMessage(), e);
        } finally {
            if (!started && demo != null) {
                demo.close();
            }
        }
    }

    private CartNode startNode(String route, int port) throws Exception {
        NodePanel panel = new NodePanel(this, control);
        if (jetty) {
            return JettyCartNode.start(route, port, war, secretFile, storeUri, panel);
        }
        return EmbeddedCartNode.start(route, port, war, contextXml, workDir.resolve(route),
                new NodePanelValve(route, panel));
    }

    /**
     * @param routerPort the router's port
     * @return the router configuration (docs/router.md): the nodes, signed X-Backend cookie first
     */
    String routerYaml(int routerPort) {
        StringBuilder yaml = new StringBuilder()
                .append("listen: 127.0.0.1:").append(routerPort).append('\n')
                .append("secretFile: '").append(secretFile.toString().replace("'", "''")).append("'\n")
                .append("persistence: [backend-cookie, jsessionid, router-cookie]\n")
                .append("healthCheck: {path: ").append(EmbeddedCartNode.CONTEXT_PATH)
                .append("/health, intervalMillis: 1000, rise: 2, fall: 2}\n")
                .append("backends:\n");
        for (int i = 0; i < ROUTES.size(); i++) {
            yaml.append("  - {route: ").append(ROUTES.get(i)).append(", url: \"http://127.0.0.1:")
                    .append(nodePorts[i]).append("\"}\n");
        }
        return yaml.toString();
    }

    /** @return whether the nodes are embedded Jetty (started with {@code --jetty}) rather than Tomcat */
    public boolean isJetty() {
        return jetty;
    }

    /** @return the router's URL of the cart, {@code http://127.0.0.1:<port>/cart/} */
    public String cartUrl() {
        return cartUrl("127.0.0.1");
    }

    /**
     * @param host the host name the user reaches the router by ({@code 127.0.0.1} or {@code localhost})
     * @return the router's URL of the cart on that host name, so that the user's cookies still apply
     */
    String cartUrl(String host) {
        return "http://" + host + ":" + router.port() + EmbeddedCartNode.CONTEXT_PATH + "/";
    }

    /** @return the URL of the demo's node controls ({@link DemoControlServer}), on loopback */
    public String controlUrl() {
        return control.url();
    }

    /** @return the ports of the demo's web pages: the router's, then every node's (running or not) */
    synchronized List<Integer> webPorts() {
        List<Integer> ports = new ArrayList<>();
        Optional.ofNullable(router).ifPresent(r -> ports.add(r.port()));
        for (int port : nodePorts) {
            ports.add(port);
        }
        return ports;
    }

    /**
     * Reads without the demo's lock, so a page being rendered never waits for a node to stop.
     *
     * @param route one of {@link #ROUTES}
     * @return the node's state as the demo and the router see it
     */
    NodeStatus status(String route) {
        if (!runningRoutes.contains(route)) {
            return NodeStatus.STOPPED;
        }
        LimpetRouter current = router;
        return current == null || current.nodes().find(route).isHealthy(System.nanoTime())
                ? NodeStatus.RUNNING : NodeStatus.WAITING_FOR_ROUTER;
    }

    /** @return the throwaway master secret file (mode 0600), deleted by {@link #close()} */
    public Path secretFile() {
        return secretFile;
    }

    /** @return the router's port */
    public int routerPort() {
        return router.port();
    }

    /** @return the nodes' routes and base URLs, in route order; a stopped node is absent */
    public synchronized List<CartNode> runningNodes() {
        List<CartNode> running = new ArrayList<>();
        for (CartNode node : nodes) {
            if (node != null) {
                running.add(node);
            }
        }
        return running;
    }

    /**
     * Stops one node, as if it crashed: its sessions (and carts) are lost until sessions are shared through a
     * store.
     *
     * @param route the node's route
     * @return whether a running node was stopped
     * @throws IllegalArgumentException if there is no such route
     */
    public synchronized boolean stopNode(String route) {
        int i = indexOf(route);
        if (nodes[i] == null) {
            return false;
        }
        nodes[i].close();
        nodes[i] = null;
        publishRunningRoutes();
        return true;
    }

    /**
     * Starts a stopped node again on its old port (the router's health check notices within seconds).
     *
     * @param route the node's route
     * @return whether a stopped node was started
     * @throws IllegalArgumentException if there is no such route
     * @throws DemoException            if it does not start
     */
    public synchronized boolean startNode(String route) {
        int i = indexOf(route);
        if (nodes[i] != null) {
            return false;
        }
        try {
            nodes[i] = startNode(route, nodePorts[i]);
            publishRunningRoutes();
            return true;
        } catch (Exception e) {
            throw new DemoException("node [" + route + "] did not start: " + e.getMessage(), e);
        }
    }

    private void publishRunningRoutes() {
        Set<String> routes = new HashSet<>();
        runningNodes().forEach(node -> routes.add(node.route()));
        runningRoutes = Set.copyOf(routes);
    }

    private static int indexOf(String route) {
        int i = ROUTES.indexOf(route);
        if (i < 0) {
            throw new IllegalArgumentException("no node [" + route + "]; the nodes are " + ROUTES);
        }
        return i;
    }

    /** Stops the router and every node and deletes the secret and the working directory; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        Optional.ofNullable(router).ifPresent(r -> run(r::stop, failures));
        Optional.ofNullable(control).ifPresent(c -> run(c::close, failures));
        for (int i = 0; i < nodes.length; i++) {
            Optional.ofNullable(nodes[i]).ifPresent(n -> run(n::close, failures));
            nodes[i] = null;
        }
        publishRunningRoutes();
        DemoFiles.deleteTree(workDir);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static void run(Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /** A node's state as the demo's page shows it. */
    enum NodeStatus {
        /** running, and the router sends it requests */
        RUNNING,
        /** running, but the router's health check has not seen it pass yet (or saw it fail) */
        WAITING_FOR_ROUTER,
        /** stopped */
        STOPPED
    }

    /** The demo could not do what was asked; the message says why. */
    public static final class DemoException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
