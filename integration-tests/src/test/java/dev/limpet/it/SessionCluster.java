package dev.limpet.it;

import dev.limpet.router.LimpetRouter;
import dev.limpet.router.config.RouterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Two real Tomcat distribution nodes sharing sessions through {@code LimpetSessionManager}, installed as
 * docs/tomcat.md says: the drop-in jar in {@code lib/}, the BackendCookieValve in {@code conf/context.xml}
 * ({@link TomcatProcess}) and the one {@code <Manager>} line — here in the cart's own context file
 * {@code conf/Catalina/localhost/cart.xml}, so the store can differ per test — and the real router in front.
 * Nodes start in parallel. Not thread-safe.
 */
final class SessionCluster implements AutoCloseable {

    static final String SECRET = "session-cluster-it-secret-0123456789";

    private final Map<String, TomcatProcess> nodes = new LinkedHashMap<>();
    private final Map<String, Path> bases = new LinkedHashMap<>();
    private LimpetRouter router;

    /**
     * @param home         {@code CATALINA_HOME} of the distribution
     * @param dir          a fresh directory
     * @param managerAttrs the {@code <Manager>} attributes besides className and secretFile, e.g.
     *                     {@code storeUri="redis://…"}
     * @param routes       the nodes' jvmRoutes
     */
    static SessionCluster start(Path home, Path dir, String managerAttrs, List<String> routes) throws Exception {
        SessionCluster cluster = new SessionCluster();
        try {
            Map<String, CompletableFuture<TomcatProcess>> starting = new LinkedHashMap<>();
            for (String route : routes) {
                Path base = dir.resolve(route);
                writeManager(base, managerAttrs);
                cluster.bases.put(route, base);
                starting.put(route, CompletableFuture.supplyAsync(() -> startNode(home, base, route)));
            }
            for (Map.Entry<String, CompletableFuture<TomcatProcess>> node : starting.entrySet()) {
                cluster.nodes.put(node.getKey(), join(node.getValue()));
            }
            Path secret = Files.writeString(dir.resolve("router-secret"), SECRET + "\n");
            cluster.router = LimpetRouter.start(RouterConfig.fromYaml(cluster.yaml(secret)));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static void writeManager(Path base, String managerAttrs) throws IOException {
        Path file = base.resolve("conf/Catalina/localhost/cart.xml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "<Context>\n  <Manager className=\"dev.limpet.tomcat.LimpetSessionManager\""
                + " secretFile=\"conf/limpet-secret\" sessionAttributeValueClassNameFilter=\"dev\\.limpet\\.samples\\..*\"\n"
                + "           operationTimeoutMillis=\"500\" " + managerAttrs + "/>\n</Context>\n");
    }

    private static TomcatProcess startNode(Path home, Path base, String route) {
        try {
            return TomcatProcess.start(home, base, route, SECRET);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static TomcatProcess join(CompletableFuture<TomcatProcess> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    private String yaml(Path secret) {
        StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nsecretFile: '").append(secret).append("'\n")
                .append("persistence: [backend-cookie, jsessionid]\nbackends:\n");
        nodes.forEach((route, node) -> yaml.append("  - {route: ").append(route).append(", url: \"")
                .append(node.url("")).append("\"}\n"));
        return yaml.toString();
    }

    /** @return the router's URL of a cart path, e.g. {@code cart("/cart.txt")} */
    String cart(String path) {
        return "http://127.0.0.1:" + router.port() + "/cart" + path;
    }

    /** @return a node's own URL of a cart path (bypassing the router) */
    String direct(String route, String path) {
        return nodes.get(route).url("/cart" + path);
    }

    /** @return what a node printed so far */
    String console(String route) {
        return nodes.get(route).console();
    }

    /** Kills a node's JVM with SIGKILL ({@code kill -9}): no shutdown hook, no session saved on the way out. */
    void kill9(String route) throws InterruptedException {
        String marker = "-Dcatalina.base=" + bases.get(route);
        List<ProcessHandle> jvms = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
        if (jvms.isEmpty()) {
            throw new AssertionError("no JVM found for node " + route);
        }
        for (ProcessHandle jvm : jvms) {
            jvm.destroyForcibly();
            jvm.onExit().join();
        }
        nodes.remove(route).close();
    }

    @Override
    public void close() throws InterruptedException {
        if (router != null) {
            router.stop();
        }
        for (TomcatProcess node : nodes.values()) {
            node.close();
        }
        nodes.clear();
    }
}
