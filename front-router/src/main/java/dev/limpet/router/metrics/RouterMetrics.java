package dev.limpet.router.metrics;

import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeSessions;
import dev.limpet.router.proxy.RouteTrace;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The router's Prometheus metrics (client_java 1.x, a private {@link PrometheusRegistry}), exposed by the admin
 * API's {@code GET /metrics} in the Prometheus text format 0.0.4:
 * <ul>
 *   <li>{@code limpet_router_responses_total{node,code}}: completed requests by the node that served them
 *       ({@code -} when none did) and status class ({@code 2xx} ...);</li>
 *   <li>{@code limpet_router_decisions_total{method}}: requests by the persistence method that pinned them,
 *       {@code none} for balanced ones;</li>
 *   <li>{@code limpet_router_failovers_total{node}}: requests moved away from the node they were pinned to;</li>
 *   <li>{@code limpet_router_retries_total{node}}: retries after an attempt on the node failed;</li>
 *   <li>gauges per node: {@code limpet_router_node_healthy}, {@code limpet_router_node_state{state}} (1 for the
 *       current administrative state), {@code limpet_router_node_weight}, {@code limpet_router_node_in_flight},
 *       {@code limpet_router_node_open_tunnels},
 *       {@code limpet_router_node_sessions} (sessions held, as the admin API reports them);</li>
 *   <li>{@code limpet_router_session_table_entries} when the router has a session table;</li>
 *   <li>{@code limpet_router_request_duration_seconds{node}}: a histogram of request durations (client_java's
 *       default buckets, 5 ms to 10 s);</li>
 *   <li>{@code limpet_router_build_info{version}}, and the JVM's metrics ({@code jvm_memory_*},
 *       {@code jvm_gc_*}, {@code jvm_threads_*} ..., client_java's {@code JvmMetrics}).</li>
 * </ul>
 * Label children of the counters are created at start for every node, status class and configured method, so
 * recording a request is a few map lookups by identity and atomic additions. Thread-safe.
 */
public final class RouterMetrics {

    private static final String[] CODES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    // Node has identity equality; nodes added by a reload or the admin API get their children on first use.
    private final Map<Node, CounterDataPoint[]> responsesByNode = new ConcurrentHashMap<>();
    private final CounterDataPoint[] responsesWithoutNode;
    private final Map<Node, CounterDataPoint> failovers = new ConcurrentHashMap<>();
    private final Map<Node, CounterDataPoint> retries = new ConcurrentHashMap<>();
    private final Counter responses;
    private final Counter failover;
    private final Counter retry;
    private final Map<String, CounterDataPoint> decisions = new ConcurrentHashMap<>();
    private final Counter decisionCounter;
    private final NodeRegistry nodes;
    private final NodeTraffic traffic = new NodeTraffic();
    private final Histogram requestDuration;

    /**
     * @param nodes        the nodes
     * @param sessions     the sessions each node holds
     * @param methodNames  the configured persistence method names (children pre-created)
     * @param tableEntries the session table's size, or {@code null} when there is no table
     */
    public RouterMetrics(NodeRegistry nodes, NodeSessions sessions, Collection<String> methodNames,
                         LongSupplier tableEntries) {
        this.nodes = nodes;
        responses = counter("limpet_router_responses", "Completed requests by node and status class",
                "node", "code");
        failover = counter("limpet_router_failovers", "Requests moved away from their pinned node",
                "node");
        retry = counter("limpet_router_retries", "Retries after an attempt on the node failed", "node");
        decisionCounter = counter("limpet_router_decisions", "Requests by the persistence method that pinned them",
                "method");
        for (Node node : nodes.nodes()) {
            responsesByNode.put(node, children(responses, node.route()));
            failovers.put(node, failover.labelValues(node.route()));
            retries.put(node, retry.labelValues(node.route()));
        }
        responsesWithoutNode = children(responses, RouteTrace.NONE);
        for (String method : methodNames) {
            decisions.put(method, decisionCounter.labelValues(method));
        }
        decisions.put("none", decisionCounter.labelValues("none"));
        registerNodeGauges(sessions);
        requestDuration = Histogram.builder().name("limpet_router_request_duration_seconds")
                .help("Time from a request's arrival to its response's completion, by the node that served it")
                .unit(Unit.SECONDS).labelNames("node").register(registry);
        GaugeWithCallback.builder().name("limpet_router_build_info").help("The router's version; always 1")
                .labelNames("version").callback(cb -> cb.call(1, BuildInfo.version())).register(registry);
        JvmMetrics.builder().register(registry);
        if (tableEntries != null) {
            GaugeWithCallback.builder().name("limpet_router_session_table_entries")
                    .help("Entries in the session table (learned keys, IP and header pins)")
                    .callback(cb -> cb.call(tableEntries.getAsLong())).register(registry);
        }
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private static CounterDataPoint[] children(Counter counter, String node) {
        CounterDataPoint[] points = new CounterDataPoint[CODES.length];
        for (int i = 0; i < CODES.length; i++) {
            points[i] = counter.labelValues(node, CODES[i]);
        }
        return points;
    }

    private void registerNodeGauges(NodeSessions sessions) {
        nodeGauge("limpet_router_node_healthy", "1 when the node passes its health checks",
                n -> n.isHealthy(System.nanoTime()) ? 1 : 0);
        nodeGauge("limpet_router_node_weight", "The node's balancing weight", Node::weight);
        nodeGauge("limpet_router_node_in_flight", "Exchanges with the node now in flight", Node::inFlight);
        nodeGauge("limpet_router_node_open_tunnels", "Upgrade tunnels (WebSockets) to the node now open",
                Node::openTunnels);
        nodeGauge("limpet_router_node_sessions", "Sessions the node still holds (router cookies and table pins)",
                n -> sessions.held(n.route()));
        GaugeWithCallback.builder().name("limpet_router_node_state")
                .help("1 for the node's current administrative state").labelNames("node", "state")
                .callback(cb -> {
                    for (Node n : nodes.nodes()) {
                        for (AdminState s : AdminState.values()) {
                            cb.call(n.adminState() == s ? 1 : 0, n.route(), s.configName());
                        }
                    }
                }).register(registry);
    }

    private void nodeGauge(String name, String help, java.util.function.ToDoubleFunction<Node> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("node").callback(cb -> {
            for (Node n : nodes.nodes()) {
                cb.call(value.applyAsDouble(n), n.route());
            }
        }).register(registry);
    }

    /**
     * Records one completed request.
     *
     * @param trace  the request's trace, or {@code null} when it was not routed (e.g. rejected by Jetty)
     * @param status the response status
     */
    public void record(RouteTrace trace, int status) {
        int code = status / 100 - 1;
        Node node = trace == null ? null : trace.actualNode();
        CounterDataPoint[] byCode = node == null ? responsesWithoutNode
                : responsesByNode.computeIfAbsent(node, n -> children(responses, n.route()));
        if (code >= 0 && code < CODES.length && byCode != null) {
            byCode[code].inc();
        }
        if (trace == null) {
            return;
        }
        String method = trace.method();
        CounterDataPoint decision = decisions.get(method);
        (decision != null ? decision : decisions.computeIfAbsent(method, decisionCounter::labelValues)).inc();
        if (trace.moveReason() != null) {
            Node favoured = nodes.find(trace.favoured());
            if (favoured != null) {
                failovers.computeIfAbsent(favoured, n -> failover.labelValues(n.route())).inc();
            }
        }
        if (trace.retries() > 0 && trace.decision().node() != null) {
            retries.computeIfAbsent(trace.decision().node(), n -> retry.labelValues(n.route())).inc(trace.retries());
        }
    }

    /**
     * Records how long a request served by a node took (the request-duration histogram, and the running totals the
     * console reads).
     *
     * @param trace         the request's trace, or {@code null} (nothing is recorded)
     * @param durationNanos from the request's arrival to its completion, in nanoseconds
     */
    public void recordDuration(RouteTrace trace, long durationNanos) {
        Node node = trace == null ? null : trace.actualNode();
        if (node != null) {
            requestDuration.labelValues(node.route()).observe(durationNanos / 1e9);
            traffic.record(node, durationNanos);
        }
    }

    /** @return requests and their durations per node, running totals */
    public NodeTraffic traffic() {
        return traffic;
    }

    /** @return the registry, for further collectors (e.g. the access log's drop counter) */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** @return the {@code Content-Type} of {@link #write} */
    public String contentType() {
        return writer.getContentType();
    }

    /**
     * Writes every metric in the Prometheus text format.
     *
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
