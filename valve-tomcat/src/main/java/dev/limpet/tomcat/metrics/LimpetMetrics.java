package dev.limpet.tomcat.metrics;

import dev.limpet.tomcat.metrics.ManagerMBeans.Manager;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.ObjDoubleConsumer;

/**
 * The backend side's metrics in the Prometheus text format (version 0.0.4), read from the
 * {@code LimpetSessionManager} MBeans of this JVM at each scrape, one series per manager labelled
 * {@code domain} (the JMX domain: {@code Catalina} in Tomcat's distribution), {@code host} and {@code context}:
 * <ul>
 * <li>{@code limpet_sessions_active} (gauge): Tomcat's {@code activeSessions};</li>
 * <li>{@code limpet_session_takeovers_total}, {@code limpet_session_conflicts_total},
 *     {@code limpet_session_stale_copies_dropped_total} (counters);</li>
 * <li>{@code limpet_session_backup_failures_total{cause}} (counter): {@code backupFailuresByCause};</li>
 * <li>{@code limpet_store_operation_duration_seconds{operation=load|save|touch}} (summary, count and sum): the
 *     store calls that reached the backend and the time they took (mean latency = sum / count);</li>
 * <li>{@code limpet_store_errors_total} (counter), {@code limpet_store_available} (gauge, 1 or 0),
 *     {@code limpet_backup_queue_size} (gauge).</li>
 * </ul>
 * Thread-safe: every scrape reads the MBeans afresh.
 */
public final class LimpetMetrics {

    private final ManagerMBeans mbeans;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** Metrics of the managers registered in the platform MBean server. */
    public LimpetMetrics() {
        this(new ManagerMBeans());
    }

    LimpetMetrics(ManagerMBeans mbeans) {
        this.mbeans = mbeans;
        gauge("limpet_sessions_active", "Sessions active on this node (Tomcat's activeSessions)", "activeSessions");
        counter("limpet_session_takeovers_total", "Sessions taken over from another route", "takeovers");
        counter("limpet_session_conflicts_total",
                "Writes and takeover claims refused because another node wrote the session first", "conflicts");
        counter("limpet_session_stale_copies_dropped_total",
                "Local copies dropped because the store held a newer version or a tombstone", "staleCopiesDropped");
        counter("limpet_store_errors_total", "Store operations that failed", "storeErrors");
        gauge("limpet_store_available", "1 while the store answers, 0 while its circuit breaker is open", "storeAvailable");
        gauge("limpet_backup_queue_size", "Sessions waiting in the backup queue", "backupQueueSize");
        backupFailures();
        storeLatency();
    }

    /**
     * Writes every metric.
     *
     * @param out where the text goes (not closed)
     * @throws IOException if writing fails
     */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** @return the media type of {@link #write}'s output */
    public String contentType() {
        return writer.getContentType();
    }

    private static String[] labels(String extra) {
        String[] names = Arrays.copyOf(ManagerMBeans.LABELS, ManagerMBeans.LABELS.length + 1);
        names[names.length - 1] = extra;
        return names;
    }

    private void gauge(String name, String help, String attribute) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(ManagerMBeans.LABELS)
                .callback(callback -> eachManager(attribute, (labels, value) -> callback.call(value, labels)))
                .register(registry);
    }

    private void counter(String name, String help, String attribute) {
        CounterWithCallback.builder().name(name).help(help).labelNames(ManagerMBeans.LABELS)
                .callback(callback -> eachManager(attribute, (labels, value) -> callback.call(value, labels)))
                .register(registry);
    }

    private void eachManager(String attribute, ObjDoubleConsumer<String[]> series) {
        for (Manager m : mbeans.managers()) {
            series.accept(m.labels(), mbeans.number(m, attribute));
        }
    }

    /** {@code backupFailuresByCause} reads {@code unserializable=1, storeUnavailable=0, …}. */
    private void backupFailures() {
        CounterWithCallback.builder().name("limpet_session_backup_failures_total")
                .help("Session backups that did not reach the store, by cause").labelNames(labels("cause"))
                .callback(callback -> {
                    for (Manager m : mbeans.managers()) {
                        Object text = mbeans.read(m, "backupFailuresByCause");
                        for (String pair : text == null ? new String[0] : text.toString().split(",\\s*")) {
                            String[] causeAndCount = pair.split("=", 2);
                            if (causeAndCount.length == 2) {
                                callback.call(Double.parseDouble(causeAndCount[1]), m.labels(causeAndCount[0]));
                            }
                        }
                    }
                }).register(registry);
    }

    private void storeLatency() {
        SummaryWithCallback.builder().name("limpet_store_operation_duration_seconds")
                .help("Store calls that reached the backend and the time they took").labelNames(labels("operation"))
                .callback(callback -> {
                    for (Manager m : mbeans.managers()) {
                        for (String operation : List.of("load", "save", "touch")) {
                            String attribute = "store" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
                            double count = mbeans.number(m, attribute + "s");
                            double nanos = mbeans.number(m, attribute + "Nanos");
                            if (!Double.isNaN(count) && !Double.isNaN(nanos)) {
                                callback.call((long) count, nanos / 1e9, Quantiles.EMPTY, m.labels(operation));
                            }
                        }
                    }
                }).register(registry);
    }
}
