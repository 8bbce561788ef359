package dev.limpet.router.config;

/**
 * The active HTTP health check (HAProxy's {@code option httpchk} with {@code inter}, {@code rise} and
 * {@code fall}). A node is checked every {@code intervalMillis} with {@code GET path}; a 2xx or 3xx answer
 * within {@code timeoutMillis} passes. After {@code fall} consecutive failures a node is marked down; after
 * {@code rise} consecutive passes it is marked up again. Nodes start up.
 *
 * @param enabled        whether checks run; default {@code false} when the {@code healthCheck} key is absent
 * @param path           request path, starting with {@code /}; default {@code /}
 * @param intervalMillis time between checks of one node, 100..3600000 ms; default 2000
 * @param timeoutMillis  time a check may take, 50..60000 ms; default 1000
 * @param rise           consecutive passes to mark a down node up, 1..100; default 2
 * @param fall           consecutive failures to mark an up node down, 1..100; default 3
 */
public record HealthCheckConfig(boolean enabled, String path, long intervalMillis, long timeoutMillis, int rise,
                                int fall) {
}
