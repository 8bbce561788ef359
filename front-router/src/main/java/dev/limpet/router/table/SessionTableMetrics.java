package dev.limpet.router.table;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.ToLongFunction;

/**
 * The session table's Prometheus metrics (issue 5: size, oldest age, evictions), read from
 * {@link SessionTable#stats()} at scrape time:
 * <ul>
 *   <li>{@code limpet_router_session_table_max_entries}: the bound ({@code sessionTable.maxEntries});</li>
 *   <li>{@code limpet_router_session_table_oldest_age_seconds}: time since the least recently used entry was
 *       used;</li>
 *   <li>{@code limpet_router_session_table_evictions_total{cause="size"|"idle"}}: entries evicted because the
 *       table was full, or dropped after {@code idleTimeoutSeconds};</li>
 *   <li>{@code limpet_router_session_table_rejected_keys_total}: empty or over-long values ignored;</li>
 *   <li>{@code limpet_router_session_table_redis_read_hits_total}, {@code …_redis_failures_total},
 *       {@code …_redis_writes_dropped_total}: the Redis sharing (zero without it).</li>
 * </ul>
 * The entry count itself is {@code limpet_router_session_table_entries} (RouterMetrics). Stateless.
 */
public final class SessionTableMetrics {

    private SessionTableMetrics() {
    }

    /**
     * @param registry where to register
     * @param table    the table to read at scrape time
     */
    public static void register(PrometheusRegistry registry, SessionTable table) {
        GaugeWithCallback.builder().name("limpet_router_session_table_max_entries")
                .help("The session table's bound (sessionTable.maxEntries)")
                .callback(cb -> cb.call(table.config().maxEntries())).register(registry);
        GaugeWithCallback.builder().name("limpet_router_session_table_oldest_age_seconds")
                .help("Seconds since the least recently used session-table entry was used")
                .callback(cb -> cb.call(table.stats().oldestAgeMillis() / 1000.0)).register(registry);
        CounterWithCallback.builder().name("limpet_router_session_table_evictions")
                .help("Session-table entries evicted because the table was full (size) or idle too long (idle)")
                .labelNames("cause")
                .callback(cb -> {
                    SessionTableStats stats = table.stats();
                    cb.call(stats.sizeEvictions(), "size");
                    cb.call(stats.idleExpirations(), "idle");
                }).register(registry);
        counter(registry, table, "rejected_keys", "Empty or over-long session values ignored",
                SessionTableStats::rejectedKeys);
        counter(registry, table, "redis_read_hits", "Local session-table misses answered by Redis",
                SessionTableStats::sharedReadHits);
        counter(registry, table, "redis_failures", "Redis reads or writes of the session table that failed",
                SessionTableStats::sharedFailures);
        counter(registry, table, "redis_writes_dropped", "Session-table writes to Redis dropped (queue full)",
                SessionTableStats::sharedWritesDropped);
    }

    private static void counter(PrometheusRegistry registry, SessionTable table, String name, String help,
                                ToLongFunction<SessionTableStats> value) {
        CounterWithCallback.builder().name("limpet_router_session_table_" + name).help(help)
                .callback(cb -> cb.call(value.applyAsLong(table.stats()))).register(registry);
    }
}
