package dev.limpet.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Vector;

/**
 * The small application behind the filters in the end-to-end tests. {@code /cart?add=X} adds X to a list kept in
 * the session — set once, then changed in place (never set again), so only the manager-style detection of changed
 * objects gets it stored; a {@link Vector}, which changes and serializes under its lock, as concurrent requests
 * of one session change it while a backup serializes it. {@code /stream?add=X} does the same and flushes the
 * response before returning; {@code /logout} invalidates. Answers {@code cart=[…]} and the route of the node.
 */
public final class CartServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    @SuppressWarnings("unchecked")
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        if (request.getRequestURI().endsWith("/logout")) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.getWriter().print("logged out");
            return;
        }
        HttpSession session = request.getSession();
        List<String> cart = (List<String>) session.getAttribute("cart");
        if (cart == null) {
            cart = new Vector<>();
            session.setAttribute("cart", cart);
        }
        String add = request.getParameter("add");
        if (add != null) {
            cart.add(add); // in place
        }
        response.getWriter().print("cart=" + cart + " route=" + request.getAttribute(BackendCookieFilter.ROUTE_ATTRIBUTE));
        if (request.getRequestURI().endsWith("/stream")) {
            response.flushBuffer();
        }
    }
}
