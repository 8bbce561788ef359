package dev.limpet.demo;

import dev.limpet.jetty.BackendCookieHandler;
import dev.limpet.jetty.LimpetSessionDataStoreFactory;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DefaultSessionCacheFactory;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.util.Callback;

/**
 * The cart webapp on an embedded Jetty 12 (ee10) node, configured as docs/jetty.md's "Embedded Jetty 12" section
 * shows: the worker name is the route, Jetty's session cache flushes on response commit, Limpet's
 * {@link LimpetSessionDataStoreFactory} keeps the sessions in the shared store and the {@link BackendCookieHandler}
 * names the node; the demo's node panel is handed to the page as {@code NodePanelValve} does on Tomcat.
 */
final class JettyCartNode implements CartNode {

    private final String route;
    private final Server server;

    private JettyCartNode(String route, Server server) {
        this.route = route;
        this.server = server;
    }

    /**
     * @param route      the node's route (Jetty's worker name)
     * @param port       the HTTP port on 127.0.0.1, 0 for any free one
     * @param war        the cart webapp
     * @param secretFile the master secret file
     * @param storeUri   the shared store
     * @param panel      the demo's node panel
     * @return the running node
     * @throws Exception if Jetty or the webapp does not start
     */
    static JettyCartNode start(String route, int port, Path war, Path secretFile, String storeUri, NodePanel panel)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        ids.setWorkerName(route);
        server.addBean(ids, true);
        DefaultSessionCacheFactory caches = new DefaultSessionCacheFactory();
        caches.setFlushOnResponseCommit(true);
        server.addBean(caches);
        LimpetSessionDataStoreFactory store = new LimpetSessionDataStoreFactory();
        store.setStoreUri(storeUri);
        store.setSecretFile(secretFile.toString());
        server.addBean(store);
        WebAppContext cart = new WebAppContext(war.toString(), EmbeddedCartNode.CONTEXT_PATH);
        BackendCookieHandler backendCookie = new BackendCookieHandler(new Handler.Wrapper(cart) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                request.setAttribute(NodePanelValve.FOOTER_ATTRIBUTE, panel.html(route));
                return super.handle(request, response, callback);
            }
        });
        backendCookie.setSecretFile(secretFile.toString());
        server.setHandler(backendCookie);
        JettyCartNode node = new JettyCartNode(route, server);
        try {
            server.start();
            if (!cart.isAvailable()) {
                throw new IllegalStateException("the cart webapp did not start on " + route, cart.getUnavailableException());
            }
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("node " + route + " did not stop: " + e.getMessage(), e);
        }
    }
}
