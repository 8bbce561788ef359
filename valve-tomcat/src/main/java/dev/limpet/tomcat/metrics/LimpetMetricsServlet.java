package dev.limpet.tomcat.metrics;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers {@code GET} with the Limpet session managers' metrics of this JVM in the Prometheus text format
 * ({@link LimpetMetrics}). Map it in a webapp's {@code web.xml} (the drop-in jar is in {@code lib/}, so any
 * webapp sees the class), for instance in a small webapp of its own that only the monitoring network reaches:
 * <pre>{@code
 * <servlet><servlet-name>limpet-metrics</servlet-name>
 *   <servlet-class>dev.limpet.tomcat.metrics.LimpetMetricsServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>limpet-metrics</servlet-name><url-pattern>/metrics</url-pattern></servlet-mapping>
 * }</pre>
 * It reads every manager of the JVM, whichever webapp it is mapped in. Unauthenticated: protect it as Tomcat's
 * manager webapp is protected (a {@code RemoteAddrValve}, a security constraint). Thread-safe.
 */
public class LimpetMetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient LimpetMetrics metrics;

    @Override
    public void init() {
        metrics = new LimpetMetrics();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(metrics.contentType());
        response.setHeader("Cache-Control", "no-store");
        metrics.write(response.getOutputStream());
    }
}
