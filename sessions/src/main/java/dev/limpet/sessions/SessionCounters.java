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
    private final LongAdder staleCopiesDropped = new LongAdder();
    private final Map<BackupFailure, LongAdder> backupFailures = new EnumMap<>(BackupFailure.class);

    /** Creates zeroed counters. */
    public SessionCounters() {
        for (WriteDecision decision : WriteDecision.values()) {
            decisions.put(decision, new LongAdder());
        }
        for (BackupFailure cause : BackupFailure.values()) {
            backupFailures.put(cause, new LongAdder());
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

    /** Counts a local copy dropped because the store held a newer version or a tombstone of it. */
    public void countStaleCopyDropped() {
        staleCopiesDropped.increment();
    }

    /** @param cause why a backup did not reach the store */
    public void countBackupFailure(BackupFailure cause) {
        backupFailures.get(cause).increment();
    }

    /** @return local copies dropped as stale */
    public long staleCopiesDropped() {
        return staleCopiesDropped.sum();
    }

    /**
     * @param cause a cause
     * @return backups that failed for it
     */
    public long backupFailures(BackupFailure cause) {
        return backupFailures.get(cause).sum();
    }

    /** @return backups that failed, all causes */
    public long backupFailures() {
        return backupFailures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** @return the failures by cause, e.g. {@code unserializable=1, storeUnavailable=0, …} */
    public String backupFailuresByCause() {
        StringBuilder text = new StringBuilder();
        backupFailures.forEach((cause, count) -> text.append(text.isEmpty() ? "" : ", ").append(cause.label())
                .append('=').append(count.sum()));
        return text.toString();
    }

    /** Counts a write refused because another node wrote the session first. */
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
}
