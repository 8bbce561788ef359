package dev.limpet.samples.cart;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The shop: {@code GET /} or {@code GET /cart} shows the cart as HTML, {@code GET /cart.txt} as plain text
 * (for scripts and tests), {@code POST /cart} with {@code action=add&item=…&quantity=…} or
 * {@code action=clear} changes it, {@code action=logout} ends the session ({@code invalidate}), and each redirects
 * back (303, URL-rewritten when cookies are off).
 *
 * <p>The {@link Cart} is put into the session once ({@value #CART_ATTRIBUTE}) and then changed in place.
 * A String in the request attribute {@value #FOOTER_ATTRIBUTE}, which only server-side code such as a valve of
 * the container can set, is appended to the HTML page as it is (the Limpet demo shows its node buttons so).
 * Bad input is answered with 400 and a message. Thread-safe (no mutable state of its own).
 */
public class CartServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The session attribute holding the {@link Cart}. */
    public static final String CART_ATTRIBUTE = "cart";
    /** The request attribute whose String value, trusted HTML set by the container, ends the HTML page. */
    public static final String FOOTER_ATTRIBUTE = "dev.limpet.samples.cart.footerHtml";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession();
        Cart cart = cartOf(session);
        String node = NodeName.of(request);
        if (request.getServletPath().endsWith(".txt")) {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(CartPage.text(node, session.getId(), cart));
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        String self = response.encodeURL(request.getContextPath() + "/cart");
        response.getWriter().write(CartPage.html(node, session.getId(), cart, self, null, footerOf(request)));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        String action = request.getParameter("action");
        if ("logout".equals(action)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", request.getContextPath() + "/cart");
            return;
        }
        Cart cart = cartOf(request.getSession());
        if ("clear".equals(action)) {
            cart.clear();
        } else if ("add".equals(action)) {
            String problem = add(cart, request.getParameter("item"), request.getParameter("quantity"));
            if (problem != null) {
                badRequest(request, response, cart, problem);
                return;
            }
        } else {
            badRequest(request, response, cart, "Unknown action: choose add, clear or logout.");
            return;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", response.encodeRedirectURL(request.getContextPath() + "/cart"));
    }

    private static Cart cartOf(HttpSession session) {
        synchronized (session) {
            Cart cart = (Cart) session.getAttribute(CART_ATTRIBUTE);
            if (cart == null) {
                cart = new Cart();
                session.setAttribute(CART_ATTRIBUTE, cart);
            }
            return cart;
        }
    }

    /** @return a message for the user when the input is bad, else {@code null} */
    private static String add(Cart cart, String item, String quantityText) {
        if (!Catalogue.contains(item)) {
            return "We do not sell that item.";
        }
        int quantity;
        try {
            quantity = Integer.parseInt(quantityText == null ? "1" : quantityText.trim());
        } catch (NumberFormatException e) {
            return "The quantity must be a whole number.";
        }
        if (quantity < 1 || quantity > Cart.MAX_QUANTITY) {
            return "The quantity must be 1 to " + Cart.MAX_QUANTITY + ".";
        }
        cart.add(item, quantity);
        return null;
    }

    private static void badRequest(HttpServletRequest request, HttpServletResponse response, Cart cart,
                                   String problem) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/html;charset=UTF-8");
        String self = response.encodeURL(request.getContextPath() + "/cart");
        response.getWriter().write(CartPage.html(NodeName.of(request), request.getSession().getId(), cart, self,
                problem, footerOf(request)));
    }

    private static String footerOf(HttpServletRequest request) {
        Object footer = request.getAttribute(FOOTER_ATTRIBUTE);
        return footer instanceof String ? (String) footer : null;
    }
}
