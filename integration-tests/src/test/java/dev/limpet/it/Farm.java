package dev.limpet.it;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.demo.EmbeddedCartNode;
import dev.limpet.router.LimpetRouter;
import dev.limpet.router.config.RouterConfig;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * A small farm as a user would run it: embedded Tomcat nodes running the cart webapp with the
 * BackendCookieValve configured in context.xml (one {@code <Valve>} line, Engine {@code jvmRoute}), and the real
 * router in front, configured with YAML. Each node also records the {@code X-Limpet-Previous-Route} header of
 * the requests it serves. Not thread-safe.
 */
final class Farm implements AutoCloseable {

    /** The usual three routes. */
    static final List<String> THREE_NODES = List.of("node1", "node2", "node3");

    /** Secret lines used when a test does not bring its own. */
    static final String DEFAULT_SECRET = "integration-test-secret-0123456789";

    private final Path dir;
    private final String secretText;
    private final Map<String, EmbeddedCartNode> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, List<String>> previousRoutes = new LinkedHashMap<>();
    private LimpetRouter router;

    private Farm(Path dir, String secretText) {
        this.dir = dir;
        this.secretText = secretText;
    }

    /**
     * Starts nodes and a router.
     *
     * @param dir         a fresh directory for the farm's files
     * @param routes      the nodes' routes
     * @param secretText  the master secret file's content (shared by the nodes and the router)
     * @param persistence the router's persistence methods, e.g. {@code [backend-cookie]}
     * @param clock       the router's clock
     */
    static Farm start(Path dir, List<String> routes, String secretText, String persistence, InstantSource clock)
            throws Exception {
        return start(dir, routes, secretText, persistence, clock, "");
    }

    /** As above, with more router YAML ({@code admin}, {@code drain} ...) appended. */
    static Farm start(Path dir, List<String> routes, String secretText, String persistence, InstantSource clock,
                      String extraYaml) throws Exception {
        Farm farm = new Farm(dir, secretText);
        try {
            Path secret = Files.writeString(dir.resolve("secret"), secretText + "\n");
            Path contextXml = EmbeddedCartNode.valveContextXml(dir.resolve("context.xml"), secret);
            for (String route : routes) {
                farm.startNode(route, 0, contextXml);
            }
            farm.router = LimpetRouter.start(RouterConfig.fromYaml(farm.yaml(secret, persistence) + extraYaml), clock);
            return farm;
        } catch (Exception | Error e) {
            farm.close();
            throw e;
        }
    }

    /** Starts nodes and a router with the default secret and the system clock. */
    static Farm start(Path dir, List<String> routes, String persistence) throws Exception {
        return start(dir, routes, DEFAULT_SECRET, persistence, InstantSource.system());
    }

    private void startNode(String route, int port, Path contextXml) throws Exception {
        EmbeddedCartNode node = EmbeddedCartNode.start(route, port, ItFiles.cartWar(), contextXml, dir.resolve(route));
        List<String> seen = previousRoutes.computeIfAbsent(route, r -> new CopyOnWriteArrayList<>());
        node.context().getPipeline().addValve(new PreviousRouteRecorder(seen));
        nodes.put(route, node);
        ports.put(route, node.port());
    }

    private String yaml(Path secret, String persistence) {
        StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nsecretFile: '").append(secret).append("'\n")
                .append("persistence: ").append(persistence).append("\nbackends:\n");
        ports.forEach((route, port) -> yaml.append("  - {route: ").append(route).append(", url: \"http://127.0.0.1:")
                .append(port).append("\"}\n"));
        return yaml.toString();
    }

    /** @return the router's URL of a path of the cart webapp, e.g. {@code cart("/cart.txt")} */
    String cart(String path) {
        return "http://127.0.0.1:" + router.port() + EmbeddedCartNode.CONTEXT_PATH + path;
    }

    /** @return the router in front of the nodes */
    LimpetRouter router() {
        return router;
    }

    /** @return a codec that signs and verifies X-Backend tokens with the farm's secret */
    AffinityTokenCodec backendCodec() {
        return new AffinityTokenCodec("X-Backend", MasterSecrets.parse(secretText, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
    }

    /** Stops a node, as if it crashed. */
    void stopNode(String route) {
        nodes.remove(route).close();
    }

    /** @return the {@code X-Limpet-Previous-Route} values (or "" when absent) of every request a node served */
    List<String> previousRoutesSeenBy(String route) {
        return previousRoutes.get(route);
    }

    @Override
    public void close() {
        if (router != null) {
            router.stop();
        }
        nodes.values().forEach(EmbeddedCartNode::close);
        nodes.clear();
    }

    /** Records the router's failover header as a node sees it. */
    private static final class PreviousRouteRecorder extends ValveBase {
        private final List<String> seen;

        PreviousRouteRecorder(List<String> seen) {
            super(true);
            this.seen = seen;
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            String header = request.getHeader("X-Limpet-Previous-Route");
            seen.add(header == null ? "" : header);
            getNext().invoke(request, response);
        }
    }
}
