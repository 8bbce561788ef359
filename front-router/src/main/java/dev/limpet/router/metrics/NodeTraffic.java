package dev.limpet.router.metrics;

import dev.limpet.router.node.Node;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Completed requests and their total duration per node, as running totals: the console derives request rate and
 * mean latency from two readings ({@code Δrequests / Δt}, {@code Δseconds / Δrequests}). Recording is two
 * {@link LongAdder} additions. Thread-safe.
 */
public final class NodeTraffic {

    private final Map<Node, LongAdder[]> byNode = new ConcurrentHashMap<>();

    /**
     * @param node           the node that served the request
     * @param durationNanos  how long the request took in the router, in nanoseconds
     */
    public void record(Node node, long durationNanos) {
        LongAdder[] totals = byNode.computeIfAbsent(node, n -> new LongAdder[] {new LongAdder(), new LongAdder()});
        totals[0].increment();
        totals[1].add(durationNanos);
    }

    /** @return requests completed by the node so far */
    public long requests(Node node) {
        LongAdder[] totals = byNode.get(node);
        return totals == null ? 0 : totals[0].sum();
    }

    /** @return their total duration, in seconds */
    public double seconds(Node node) {
        LongAdder[] totals = byNode.get(node);
        return totals == null ? 0 : totals[1].sum() / 1e9;
    }
}
