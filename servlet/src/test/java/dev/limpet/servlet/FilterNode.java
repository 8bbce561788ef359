package dev.limpet.servlet;

import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One node of the end-to-end tests: an embedded container (Tomcat 10.1, or Jetty 12.1 ee10) serving
 * {@link CartServlet} at {@code /shop} behind {@link SessionSharingFilter} then {@link BackendCookieFilter}, both
 * registered as a {@code web.xml} would, with their init parameters. Real HTTP on a free port.
 */
abstract class FilterNode implements AutoCloseable {

    /** The containers the filters are proven on. */
    enum Container { TOMCAT, JETTY }

    final SessionSharingFilter sessions = new SessionSharingFilter();
    final BackendCookieFilter backend = new BackendCookieFilter();
    int port;

    /**
     * @param container  which container
     * @param route      the node's route
     * @param secret     the secret file
     * @param parameters the session filter's init parameters (storeUri, keyPrefix, …); route and secret added
     * @return the started node
     */
    static FilterNode start(Container container, String route, Path secret, Map<String, String> parameters)
            throws Exception {
        Map<String, String> sharing = new HashMap<>(parameters);
        sharing.put("route", route);
        sharing.put("secretFile", secret.toString());
        sharing.putIfAbsent("sessionAttributeValueClassNameFilter", "java\\.util\\..*");
        Map<String, String> cookie = Map.of("route", route, "secretFile", secret.toString());
        FilterNode node = container == Container.TOMCAT ? new OnTomcat() : new OnJetty();
        node.start(sharing, cookie);
        return node;
    }

    abstract void start(Map<String, String> sharing, Map<String, String> cookie) throws Exception;

    /** @return the URL of a path under {@code /shop} */
    String url(String path) {
        return "http://127.0.0.1:" + port + "/shop" + path;
    }

    private static final class OnTomcat extends FilterNode {
        private Tomcat tomcat;

        @Override
        void start(Map<String, String> sharing, Map<String, String> cookie) throws Exception {
            tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("limpet-filter-tomcat").toString());
            tomcat.setPort(0);
            tomcat.getConnector();
            Context context = tomcat.addContext("/shop", null);
            addFilter(context, "sessions", sessions, sharing);
            addFilter(context, "backend", backend, cookie);
            Tomcat.addServlet(context, "cart", new CartServlet());
            context.addServletMappingDecoded("/*", "cart");
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("the context did not start");
            }
            port = tomcat.getConnector().getLocalPort();
        }

        private static void addFilter(Context context, String name, jakarta.servlet.Filter filter,
                                      Map<String, String> parameters) {
            FilterDef def = new FilterDef();
            def.setFilterName(name);
            def.setFilter(filter);
            parameters.forEach(def::addInitParameter);
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName(name);
            map.addURLPattern("/*");
            context.addFilterMap(map);
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static final class OnJetty extends FilterNode {
        private Server server;

        @Override
        void start(Map<String, String> sharing, Map<String, String> cookie) throws Exception {
            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
            context.setContextPath("/shop");
            context.addFilter(holder(sessions, sharing), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addFilter(holder(backend, cookie), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new CartServlet()), "/*");
            server.setHandler(context);
            server.start();
            if (!context.isAvailable()) {
                throw new IllegalStateException("the context did not start");
            }
            port = connector.getLocalPort();
        }

        private static FilterHolder holder(jakarta.servlet.Filter filter, Map<String, String> parameters) {
            FilterHolder holder = new FilterHolder(filter);
            holder.setInitParameters(parameters);
            return holder;
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
