package dev.limpet.demo;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * The demo's hook into the cart page: a valve that the demo alone adds to each embedded node's cart context. It
 * hands the page the {@link NodePanel} as trusted HTML in the request attribute {@value #FOOTER_ATTRIBUTE}
 * (the cart webapp's {@code CartServlet.FOOTER_ATTRIBUTE}; clients cannot set request attributes). The cart
 * webapp itself has no node control: without this valve, as in any real deployment, it shows no panel.
 *
 * <p>Thread-safe.
 */
final class NodePanelValve extends ValveBase {

    /** The request attribute the cart page appends, as HTML, when it is a String. */
    static final String FOOTER_ATTRIBUTE = "dev.limpet.samples.cart.footerHtml";

    private final String route;
    private final NodePanel panel;

    /**
     * @param route the route of the node this valve runs in
     * @param panel what renders the panel
     */
    NodePanelValve(String route, NodePanel panel) {
        super(true);
        this.route = route;
        this.panel = panel;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        request.setAttribute(FOOTER_ATTRIBUTE, panel.html(route));
        getNext().invoke(request, response);
    }
}
