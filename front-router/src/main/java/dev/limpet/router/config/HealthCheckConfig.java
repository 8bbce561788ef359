package dev.limpet.router.config;

import dev.limpet.router.config.Constraints.Within;

/**
 * The active HTTP health check (HAProxy's {@code option httpchk} with {@code inter}, {@code rise} and
 * {@code fall}). A node is checked every {@code intervalMillis} with {@code GET path}; a 2xx or 3xx answer
 * within {@code timeoutMillis} passes. After {@code fall} consecutive failures a node is marked down; after
 * {@code rise} consecutive passes it is marked up again. Nodes start up. Bound from the {@code healthCheck} section
 * key by key (each component is the key of its name, with its {@link Default}); without the section, checks are
 * off. Immutable and thread-safe.
 *
 * @param enabled        whether checks run ({@code false} when the {@code healthCheck} key is absent)
 * @param path           request path, starting with {@code /}
 * @param intervalMillis time between checks of one node, 100..3600000 ms
 * @param timeoutMillis  time a check may take, 50..60000 ms
 * @param rise           consecutive passes to mark a down node up, 1..100
 * @param fall           consecutive failures to mark an up node down, 1..100
 */
public record HealthCheckConfig(
        @Default("true") boolean enabled,
        @Default("/") String path,
        @Within(min = 100, max = 3_600_000, unit = "ms") @Default("2000") long intervalMillis,
        @Within(min = 50, max = 60_000, unit = "ms") @Default("1000") long timeoutMillis,
        @Within(min = 1, max = 100, unit = "checks") @Default("2") int rise,
        @Within(min = 1, max = 100, unit = "checks") @Default("3") int fall) {
}
