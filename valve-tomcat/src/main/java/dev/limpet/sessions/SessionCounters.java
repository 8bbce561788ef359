package dev.limpet.sessions;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The session manager's own counters (the store's are in {@link dev.limpet.core.store.StoreStats}), exposed
 * through JMX. Counts only grow. Thread-safe.
 */
public final class SessionCounters {

    private final Map<WriteDecision, LongAdder> decisions = new EnumMap<>(WriteDecision.class);
    private final LongAdder takeovers = new LongAdder();
    private final LongAdder takeoverMisses = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final LongAdder storeErrors = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder touchesQueued = new LongAdder();
    private final LongAdder lockTimeouts = new LongAdder();
    private final LongAdder unserializable = new LongAdder();

    /** Creates zeroed counters. */
    public SessionCounters() {
        for (WriteDecision decision : WriteDecision.values()) {
            decisions.put(decision, new LongAdder());
        }
    }

    /** @param decision a request's write decision */
    public void count(WriteDecision decision) {
        decisions.get(decision).increment();
    }

    /**
     * @param decision a write decision
     * @return how many requests ended with it
     */
    public long decisions(WriteDecision decision) {
        return decisions.get(decision).sum();
    }

    /** Counts a session loaded from the store for a request that named another route or an unknown id. */
    public void countTakeover() {
        takeovers.increment();
    }

    /** Counts a requested session that neither this node nor the store had. */
    public void countTakeoverMiss() {
        takeoverMisses.increment();
    }

    /** Counts a stored session that failed its MAC or class filter: the user got a fresh session. */
    public void countUnreadable() {
        unreadable.increment();
    }

    /** Counts a store operation that failed because the store was unavailable (or the breaker was open). */
    public void countStoreError() {
        storeErrors.increment();
    }

    /** Counts a non-sticky write refused because another node wrote the session first. */
    public void countConflict() {
        conflicts.increment();
    }

    /** Counts an expiry refresh handed to the store. */
    public void countTouch() {
        touchesQueued.increment();
    }

    /** Counts a session lock not obtained within {@code lockTimeoutMillis}. */
    public void countLockTimeout() {
        lockTimeouts.increment();
    }

    /** Counts a session whose attributes could not be serialized (its backup was skipped). */
    public void countUnserializable() {
        unserializable.increment();
    }

    /** @return sessions taken over */
    public long takeovers() {
        return takeovers.sum();
    }

    /** @return requested sessions found nowhere */
    public long takeoverMisses() {
        return takeoverMisses.sum();
    }

    /** @return unreadable stored sessions */
    public long unreadable() {
        return unreadable.sum();
    }

    /** @return store errors */
    public long storeErrors() {
        return storeErrors.sum();
    }

    /** @return version conflicts */
    public long conflicts() {
        return conflicts.sum();
    }

    /** @return touches handed to the store */
    public long touches() {
        return touchesQueued.sum();
    }

    /** @return lock timeouts */
    public long lockTimeouts() {
        return lockTimeouts.sum();
    }

    /** @return backups skipped because an attribute did not serialize */
    public long unserializable() {
        return unserializable.sum();
    }
}
