package dev.limpet.sessions;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Stops calling a store that is down, so that requests never wait for its timeouts one after another
 * (docs/architecture.md §4 "store failure degrades, never kills"). <b>Closed</b>: calls pass; {@code failureThreshold}
 * consecutive failures open it. <b>Open</b>: calls are refused for {@code openMillis}; then one probe call is
 * let through (<b>half-open</b>): its success closes the breaker, its failure opens it again.
 *
 * <p>Thread-safe, lock-free. The clock is a monotonic nanosecond source ({@link System#nanoTime()} by default).
 */
public final class CircuitBreaker {

    private static final long CLOSED = Long.MIN_VALUE;

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** {@link #CLOSED}, or the nano time from which a probe may pass. */
    private final AtomicLong openUntil = new AtomicLong(CLOSED);
    private final AtomicLong opened = new AtomicLong();

    /**
     * @param failureThreshold consecutive failures that open the breaker, at least 1
     * @param openMillis       how long an open breaker refuses calls before a probe, milliseconds, at least 1
     * @param nanoClock        monotonic nanoseconds
     * @throws IllegalArgumentException if a number is out of range
     */
    public CircuitBreaker(int failureThreshold, long openMillis, LongSupplier nanoClock) {
        if (failureThreshold < 1 || openMillis < 1) {
            throw new IllegalArgumentException("failureThreshold and openMillis must be at least 1");
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openMillis * 1_000_000L;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * @return whether a call may go to the store now: always when closed; when open, once per
     *         {@code openMillis} (the probe)
     */
    public boolean allowCall() {
        long until = openUntil.get();
        if (until == CLOSED) {
            return true;
        }
        long now = nanoClock.getAsLong();
        return now - until >= 0 && openUntil.compareAndSet(until, now + openNanos);
    }

    /** Records a call that reached the store; closes the breaker. */
    public void recordSuccess() {
        consecutiveFailures.set(0);
        openUntil.set(CLOSED);
    }

    /**
     * Records a call that failed because the store was unavailable.
     *
     * @return {@code true} if this failure opened a closed breaker (the start of an outage: log it once)
     */
    public boolean recordFailure() {
        int failures = consecutiveFailures.incrementAndGet();
        if (failures < failureThreshold) {
            return false;
        }
        long until = nanoClock.getAsLong() + openNanos;
        long previous = openUntil.getAndUpdate(current -> current == CLOSED ? until : current);
        if (previous == CLOSED) {
            opened.incrementAndGet();
            return true;
        }
        return false;
    }

    /** @return whether the breaker is open or half-open (the store is considered down) */
    public boolean isOpen() {
        return openUntil.get() != CLOSED;
    }

    /** @return how many times the breaker opened (outages seen) */
    public long timesOpened() {
        return opened.get();
    }
}
