package dev.limpet.reliability;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What a scenario counts (docs/reliability.md "What is counted"): requests, failures by cause, sessions lost,
 * updates lost, duplicated updates, adds of unknown outcome, moves between nodes, latency (HdrHistogram,
 * microseconds, 3 significant digits) and, per second of the run, how many requests succeeded and failed — from
 * which the time to recover after each fault is computed. Thread-safe.
 */
final class Tally {

    /** Longest run the per-second timeline covers: 24 h. */
    private static final int MAX_SECONDS = 24 * 3600;

    private final long startNanos = System.nanoTime();
    private final LongAdder requests = new LongAdder();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder unknownOutcome = new LongAdder();
    private final LongAdder sessionsLost = new LongAdder();
    private final LongAdder updatesLost = new LongAdder();
    private final LongAdder duplicated = new LongAdder();
    private final LongAdder moves = new LongAdder();
    private final Histogram latency = new ConcurrentHistogram(60_000_000L, 3);
    private final AtomicLongArray okPerSecond = new AtomicLongArray(MAX_SECONDS);
    private final AtomicLongArray failedPerSecond = new AtomicLongArray(MAX_SECONDS);
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> losses = new CopyOnWriteArrayList<>();

    /** A fault or repair, at {@code millis} after the start. */
    record Event(long millis, String what) {
    }

    /** @return milliseconds since this tally was made (the run's start) */
    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Records a fault or repair now. */
    void event(String what) {
        events.add(new Event(elapsedMillis(), what));
        System.out.printf("%8.1f s  %s%n", elapsedMillis() / 1000.0, what);
    }

    /** A request answered as expected, after {@code micros}. */
    void ok(long micros) {
        requests.increment();
        latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
        okPerSecond.incrementAndGet(second());
    }

    /** A request that failed: {@code cause} is the status ({@code 502}) or the exception ({@code timeout}). */
    void failed(String cause, long micros) {
        requests.increment();
        latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
        failed.computeIfAbsent(cause, c -> new LongAdder()).increment();
        failedPerSecond.incrementAndGet(second());
    }

    void acknowledged() {
        acknowledged.increment();
    }

    void unknownOutcome() {
        unknownOutcome.increment();
    }

    void moved() {
        moves.increment();
    }

    /** A user's session is gone (a new session id, or an empty cart where items were acknowledged). */
    void sessionLost(String detail) {
        sessionsLost.increment();
        keep(detail);
    }

    /** {@code count} acknowledged adds are missing from a cart that is still the user's session. */
    void updatesLost(int count, String detail) {
        updatesLost.add(count);
        keep(detail);
    }

    /** {@code count} adds appear more often than they were sent. */
    void duplicated(int count, String detail) {
        duplicated.add(count);
        keep(detail);
    }

    private void keep(String detail) {
        if (losses.size() < 50) {
            losses.add(String.format("%.1f s %s", elapsedMillis() / 1000.0, detail));
        }
    }

    private int second() {
        return (int) Math.min(MAX_SECONDS - 1, elapsedMillis() / 1000);
    }

    long requests() {
        return requests.sum();
    }

    long sessionsLost() {
        return sessionsLost.sum();
    }

    long updatesLost() {
        return updatesLost.sum();
    }

    long duplicated() {
        return duplicated.sum();
    }

    long acknowledgedAdds() {
        return acknowledged.sum();
    }

    long unknownOutcomes() {
        return unknownOutcome.sum();
    }

    long moves() {
        return moves.sum();
    }

    /** @return failures by cause, sorted by cause */
    Map<String, Long> failures() {
        Map<String, Long> sorted = new TreeMap<>();
        failed.forEach((cause, count) -> sorted.put(cause, count.sum()));
        return sorted;
    }

    long failedTotal() {
        return failed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** @return the latency at a percentile (0..100), in milliseconds */
    double latencyMillis(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxLatencyMillis() {
        return latency.getMaxValue() / 1000.0;
    }

    /** @return the failed requests of each second of the run that had any, by second */
    Map<Integer, Long> failuresBySecond() {
        Map<Integer, Long> seconds = new TreeMap<>();
        for (int s = 0; s <= Math.min(MAX_SECONDS - 1, elapsedMillis() / 1000); s++) {
            if (failedPerSecond.get(s) > 0) {
                seconds.put(s, failedPerSecond.get(s));
            }
        }
        return seconds;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** @return the first losses seen (at most 50), with time and user, for the report */
    List<String> losses() {
        return List.copyOf(losses);
    }

    /**
     * The time to recover after an event: from the event to the end of the last second, before the next event (or
     * the end), whose success rate was below {@code normal}; 0 when no second after it fell below.
     *
     * @param index  the event's index in {@link #events()}
     * @param normal the success rate counted as normal, e.g. 0.99
     * @return milliseconds
     */
    long recoveryMillis(int index, double normal) {
        List<Event> all = events();
        long from = all.get(index).millis();
        long to = index + 1 < all.size() ? all.get(index + 1).millis() : elapsedMillis();
        long lastBad = -1;
        for (int s = (int) (from / 1000); s <= Math.min(MAX_SECONDS - 1, to / 1000); s++) {
            long ok = okPerSecond.get(s);
            long bad = failedPerSecond.get(s);
            if (ok + bad > 0 && ok < normal * (ok + bad)) {
                lastBad = s;
            }
        }
        return lastBad < 0 ? 0 : Math.max(0, (lastBad + 1) * 1000 - from);
    }
}
