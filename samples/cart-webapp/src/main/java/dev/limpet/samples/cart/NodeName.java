package dev.limpet.samples.cart;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Which node serves a request, so that the same war can run unchanged on every node. First match wins:
 * <ol>
 * <li>the request attribute {@value #ROUTE_ATTRIBUTE}, set by Limpet's {@code BackendCookieValve} (the
 *     Engine's {@code jvmRoute} or the valve's {@code route});</li>
 * <li>the context init parameter {@value #NODE_PARAMETER} ({@code <Parameter>} in context.xml);</li>
 * <li>the system property {@value #NODE_PARAMETER} ({@code -Dlimpet.node=node1});</li>
 * <li>the route suffix of the session id ({@code <id>.<jvmRoute>});</li>
 * <li>{@value #UNKNOWN}.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class NodeName {

    /** The request attribute Limpet's valve sets. */
    public static final String ROUTE_ATTRIBUTE = "dev.limpet.route";
    /** Context init parameter and system property naming the node. */
    public static final String NODE_PARAMETER = "limpet.node";
    /** Shown when nothing names the node. */
    public static final String UNKNOWN = "unknown";

    private NodeName() {
    }

    /**
     * @param request the request being served
     * @return the node's name, never empty
     */
    public static String of(HttpServletRequest request) {
        Object attribute = request.getAttribute(ROUTE_ATTRIBUTE);
        if (attribute instanceof String && !((String) attribute).isEmpty()) {
            return (String) attribute;
        }
        String parameter = request.getServletContext().getInitParameter(NODE_PARAMETER);
        if (parameter != null && !parameter.isEmpty()) {
            return parameter;
        }
        String property = System.getProperty(NODE_PARAMETER);
        if (property != null && !property.isEmpty()) {
            return property;
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getId().lastIndexOf('.') > 0) {
            return session.getId().substring(session.getId().lastIndexOf('.') + 1);
        }
        return UNKNOWN;
    }
}
