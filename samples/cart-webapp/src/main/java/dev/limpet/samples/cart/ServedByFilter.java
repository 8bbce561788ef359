package dev.limpet.samples.cart;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Adds the response header {@value #HEADER} naming the node ({@link NodeName}) to every response of the
 * webapp, redirects and errors included. Stateless and thread-safe.
 */
public class ServedByFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The response header naming the node that served the request. */
    public static final String HEADER = "X-Served-By";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader(HEADER, NodeName.of(request));
        chain.doFilter(request, response);
    }
}
