package dev.limpet.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * One Tomcat node of the demo: embedded Tomcat on 127.0.0.1, its Engine's {@code jvmRoute} set to the node's
 * route, running the cart webapp at {@value #CONTEXT_PATH} with the {@code BackendCookieValve} configured
 * exactly as a user would — one {@code <Valve>} line in the webapp's context.xml (see {@code docs/tomcat.md}).
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
public final class EmbeddedCartNode implements CartNode {

    /** Where the cart webapp is deployed. */
    public static final String CONTEXT_PATH = "/cart";

    private final String route;
    private final Tomcat tomcat;
    private final Context context;

    private EmbeddedCartNode(String route, Tomcat tomcat, Context context) {
        this.route = route;
        this.tomcat = tomcat;
        this.context = context;
    }

    /**
     * Starts a node.
     *
     * @param route      the node's route, used as the Engine's {@code jvmRoute}
     * @param port       the HTTP port on 127.0.0.1, 0 for any free one
     * @param war        the cart webapp
     * @param contextXml the webapp's context.xml (holding the valve), see {@link #valveContextXml}
     * @param baseDir    the node's own working directory ({@code catalina.base}); created if missing
     * @param valves     extra valves for the cart webapp's context, added before it starts (the demo's own page
     *                   hook); none for a node as a user would configure it
     * @return the running node
     * @throws LifecycleException if Tomcat or the webapp does not start (the message says why)
     * @throws IOException        if the working directory cannot be created
     */
    public static EmbeddedCartNode start(String route, int port, Path war, Path contextXml, Path baseDir,
                                         Valve... valves) throws LifecycleException, IOException {
        Files.createDirectories(baseDir.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setSilent(true);
        // No JSP engine here: leave out Tomcat's default web.xml (its jsp servlet would fail to load).
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.getService().setName("limpet-" + route);
        tomcat.getEngine().setName("limpet-" + route);
        tomcat.getEngine().setJvmRoute(route);
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addWebapp(CONTEXT_PATH, war.toString());
        context.setConfigFile(contextXml.toUri().toURL());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        context.setJarScanner(scanner);
        for (Valve valve : valves) {
            context.getPipeline().addValve(valve);
        }
        EmbeddedCartNode node = new EmbeddedCartNode(route, tomcat, context);
        try {
            tomcat.start();
            node.requireStarted();
        } catch (LifecycleException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /**
     * Writes a context.xml that configures the valve with a secret file, as {@code docs/tomcat.md} shows.
     *
     * @param file       where to write
     * @param secretFile the master secret file
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path valveContextXml(Path file, Path secretFile) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context>\n"
                + "  <Valve className=\"dev.limpet.tomcat.BackendCookieValve\" secretFile=\""
                + xmlAttribute(secretFile.toAbsolutePath().toString()) + "\"/>\n</Context>\n";
        return Files.writeString(file, xml, StandardCharsets.UTF_8);
    }

    /**
     * Writes a context.xml with the valve and the session Manager sharing sessions through a store, as
     * {@code docs/tomcat.md} shows (one {@code <Valve>} and one {@code <Manager>} line).
     *
     * @param file       where to write
     * @param secretFile the master secret file
     * @param storeUri   the session store, e.g. {@code jdbc:h2:mem:limpet-demo} (shared by the nodes of one JVM)
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path sessionContextXml(Path file, Path secretFile, String storeUri) throws IOException {
        String secret = xmlAttribute(secretFile.toAbsolutePath().toString());
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context>\n"
                + "  <Valve className=\"dev.limpet.tomcat.BackendCookieValve\" secretFile=\"" + secret + "\"/>\n"
                + "  <Manager className=\"dev.limpet.tomcat.LimpetSessionManager\" storeUri=\"" + xmlAttribute(storeUri)
                + "\" secretFile=\"" + secret + "\"/>\n</Context>\n";
        return Files.writeString(file, xml, StandardCharsets.UTF_8);
    }

    private void requireStarted() throws LifecycleException {
        if (context.getState() != LifecycleState.STARTED) {
            throw new LifecycleException("node [" + route + "]: the cart webapp did not start (state "
                    + context.getState() + "); see the log above for the reason");
        }
        if (tomcat.getConnector().getLocalPort() <= 0) {
            throw new LifecycleException("node [" + route + "]: the HTTP connector did not bind 127.0.0.1:"
                    + tomcat.getConnector().getPort());
        }
    }

    /** @return the node's route (its Engine {@code jvmRoute}) */
    public String route() {
        return route;
    }

    /** @return the HTTP port the node listens on */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** @return the node's base URL, {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** @return the cart webapp's Context, for tests that inspect or extend it */
    public Context context() {
        return context;
    }

    /** Stops and destroys the node; idempotent. */
    @Override
    public void close() {
        try {
            LifecycleState state = tomcat.getServer().getState();
            if (state.isAvailable()) {
                tomcat.stop();
            }
            if (state != LifecycleState.DESTROYED && state != LifecycleState.DESTROYING) {
                tomcat.destroy();
            }
        } catch (LifecycleException e) {
            throw new IllegalStateException("node [" + route + "] did not stop cleanly: " + e.getMessage(), e);
        }
    }

    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
