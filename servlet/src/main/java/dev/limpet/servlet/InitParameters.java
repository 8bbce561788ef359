package dev.limpet.servlet;

import jakarta.servlet.FilterConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A filter's init parameters ({@code <init-param>} in {@code web.xml}, or {@code FilterRegistration}), read with
 * defaults and checked; every problem is collected so that {@code init} reports all of them in one
 * {@code ServletException}. An init parameter the filter does not know is a problem too (a typo must not silently
 * fall back to a default). Not thread-safe (used by one {@code init}).
 */
final class InitParameters {

    /** Context init parameter naming the node's route for every Limpet filter of the web application. */
    static final String CONTEXT_ROUTE = "dev.limpet.route";

    private final FilterConfig config;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param config the filter's configuration
     * @param known  the init parameter names the filter accepts
     */
    InitParameters(FilterConfig config, Set<String> known) {
        this.config = config;
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!known.contains(name)) {
                problems.add("unknown init parameter [" + name + "]; known: " + new java.util.TreeSet<>(known));
            }
        }
    }

    /** @return the parameter, trimmed, or {@code fallback} when not set or empty */
    String string(String name, String fallback) {
        String value = config.getInitParameter(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** @return {@code true}/{@code false} (any case), or {@code fallback} when not set; else a problem */
    boolean bool(String name, boolean fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(name + " must be true or false, was [" + value + "]");
                yield fallback;
            }
        };
    }

    /** @return the decimal integer, or {@code fallback} when not set; else a problem (range checks are the caller's) */
    long number(String name, long fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number, was [" + value + "]");
            return fallback;
        }
    }

    /** @return the route: {@code route}, else the context init parameter {@value #CONTEXT_ROUTE}, or {@code null} */
    String route() {
        String own = string("route", null);
        if (own != null) {
            return own;
        }
        String shared = config.getServletContext().getInitParameter(CONTEXT_ROUTE);
        return shared == null || shared.isBlank() ? null : shared.trim();
    }

    /**
     * @return what a relative {@code secretFile} is resolved against: the web application's real root directory
     *         when it has one (an unpacked WAR), else {@code null} (the working directory)
     */
    Path baseDirectory() {
        String root = config.getServletContext().getRealPath("/");
        return root == null ? null : Path.of(root);
    }

    /** @return the problems found so far; callers add their own */
    List<String> problems() {
        return problems;
    }

    /** @return the filter's name, for messages */
    String filterName() {
        return config.getFilterName();
    }
}
