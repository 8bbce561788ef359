package dev.limpet.it;

import dev.limpet.testsupport.TomcatProcess;
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
 * Two real Tomcat distribution nodes sharing sessions through {@code LimpetSessionManager}, installed with only
 * the lines of README.md's Tomcat quickstart: the drop-in jar in {@code lib/}, {@code jvmRoute} on the Engine, and
 * in {@code conf/context.xml} the BackendCookieValve ({@link TomcatProcess}) and the one {@code <Manager>} line
 * (no class filter, no schema option) — and the real router in front. Optionally Tomcat's own {@code examples}
 * webapp, taken from the distribution, with a user {@value #USER} (role {@code tomcat}) for its FORM-protected
 * area, twice: as {@code /examples} (the README's Manager) and as {@code /examples-noauth}, whose own context
 * file sets {@code persistAuthentication="false"}. Nodes start in parallel. Not thread-safe.
 */
final class SessionCluster implements AutoCloseable {

    static final String SECRET = "session-cluster-it-secret-0123456789";
    /** The examples webapp's test user (role {@code tomcat}). */
    static final String USER = "tester";
    /** Its password. */
    static final String PASSWORD = "tester-password-1";

    private final Map<String, TomcatProcess> nodes = new LinkedHashMap<>();
    private LimpetRouter router;

    /**
     * @param home         {@code CATALINA_HOME} of the distribution
     * @param dir          a fresh directory
     * @param managerAttrs the {@code <Manager>} attributes besides className and secretFile, e.g.
     *                     {@code storeUri="redis://…"} (the README's line)
     * @param routes       the nodes' jvmRoutes
     */
    static SessionCluster start(Path home, Path dir, String managerAttrs, List<String> routes) throws Exception {
        return start(home, dir, managerAttrs, routes, false);
    }

    /** As {@link #start(Path, Path, String, List)}, with the distribution's examples webapp when asked. */
    static SessionCluster start(Path home, Path dir, String managerAttrs, List<String> routes, boolean examples)
            throws Exception {
        SessionCluster cluster = new SessionCluster();
        try {
            Map<String, CompletableFuture<TomcatProcess>> starting = new LinkedHashMap<>();
            for (String route : routes) {
                Path base = dir.resolve(route);
                TomcatProcess.Customizer install = b -> install(home, b, managerAttrs, examples);
                starting.put(route, CompletableFuture.supplyAsync(() -> startNode(home, base, route, install)));
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

    /** The README's {@code <Manager>} line after the valve; the examples webapp and its users if asked. */
    private static void install(Path home, Path base, String managerAttrs, boolean examples) throws IOException {
        String manager = "<Manager className=\"dev.limpet.tomcat.LimpetSessionManager\"\n"
                + "           " + managerAttrs + " secretFile=\"conf/limpet-secret\"";
        TomcatProcess.edit(base.resolve("conf/context.xml"), "</Context>", "  " + manager + "/>\n</Context>");
        if (!examples) {
            return;
        }
        Path webapp = home.resolve("webapps/examples");
        TomcatProcess.copyTree(webapp, base.resolve("webapps/examples"));
        TomcatProcess.edit(base.resolve("conf/tomcat-users.xml"), "</tomcat-users>", "  <role rolename=\"tomcat\"/>\n"
                + "  <user username=\"" + USER + "\" password=\"" + PASSWORD + "\" roles=\"tomcat\"/>\n</tomcat-users>");
        Path noauth = base.resolve("conf/Catalina/localhost/examples-noauth.xml");
        Files.createDirectories(noauth.getParent());
        Files.writeString(noauth, "<Context docBase=\"" + webapp + "\">\n  " + manager
                + " persistAuthentication=\"false\"/>\n</Context>\n");
    }

    private static TomcatProcess startNode(Path home, Path base, String route, TomcatProcess.Customizer install) {
        try {
            return TomcatProcess.start(home, base, route, SECRET, ItFiles.installation(), install);
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

    /** @return the router's URL of any path, e.g. {@code routed("/examples/jsp/sessions/carts.jsp")} */
    String routed(String path) {
        return "http://127.0.0.1:" + router.port() + path;
    }

    /** @return a node's own URL of any path (bypassing the router) */
    String node(String route, String path) {
        return nodes.get(route).url(path);
    }

    /** @return what a node printed so far */
    String console(String route) {
        return nodes.get(route).console();
    }

    /** Kills a node's JVM with SIGKILL ({@code kill -9}): no shutdown hook, no session saved on the way out. */
    void kill9(String route) {
        nodes.remove(route).kill9();
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
