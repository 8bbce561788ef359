package dev.limpet.core.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link SessionStore}, for metrics and JMX. Counts only grow; times are summed
 * nanoseconds of calls that reached the backend (divide by the count for a mean). Thread-safe.
 */
public final class StoreStats {

    private final LongAdder loads = new LongAdder();
    private final LongAdder loadMisses = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder saves = new LongAdder();
    private final LongAdder saveNanos = new LongAdder();
    private final LongAdder touches = new LongAdder();
    private final LongAdder touchMisses = new LongAdder();
    private final LongAdder touchNanos = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder versionReads = new LongAdder();
    private final LongAdder tombstones = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder invalidIds = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();

    void countLoad(boolean found, int bytes, long nanos) {
        loads.increment();
        if (!found) {
            loadMisses.increment();
        }
        bytesRead.add(bytes);
        loadNanos.add(nanos);
    }

    void countSave(int bytes, long nanos) {
        saves.increment();
        bytesWritten.add(bytes);
        saveNanos.add(nanos);
    }

    void countTouch(boolean found, long nanos) {
        touches.increment();
        if (!found) {
            touchMisses.increment();
        }
        touchNanos.add(nanos);
    }

    void countVersionRead() {
        versionReads.increment();
    }

    void countTombstone() {
        tombstones.increment();
    }

    void countDelete() {
        deletes.increment();
    }

    void countUnreadable() {
        unreadable.increment();
    }

    void countConflict() {
        conflicts.increment();
    }

    void countError() {
        errors.increment();
    }

    void countInvalidId() {
        invalidIds.increment();
    }

    /** @return loads that reached the store (found, absent or unreadable) */
    public long loads() {
        return loads.sum();
    }

    /** @return loads that found nothing */
    public long loadMisses() {
        return loadMisses.sum();
    }

    /** @return summed load time, nanoseconds */
    public long loadNanos() {
        return loadNanos.sum();
    }

    /** @return successful saves */
    public long saves() {
        return saves.sum();
    }

    /** @return summed successful save time, nanoseconds */
    public long saveNanos() {
        return saveNanos.sum();
    }

    /** @return touches that reached the store */
    public long touches() {
        return touches.sum();
    }

    /** @return touches of absent entries */
    public long touchMisses() {
        return touchMisses.sum();
    }

    /** @return summed touch time, nanoseconds */
    public long touchNanos() {
        return touchNanos.sum();
    }

    /** @return version-only reads that reached the backend */
    public long versionReads() {
        return versionReads.sum();
    }

    /** @return tombstones written (invalidated or expired sessions) */
    public long tombstones() {
        return tombstones.sum();
    }

    /** @return deletes that reached the backend */
    public long deletes() {
        return deletes.sum();
    }

    /** @return entries found unreadable (and deleted) */
    public long unreadable() {
        return unreadable.sum();
    }

    /** @return saves refused with a version conflict */
    public long conflicts() {
        return conflicts.sum();
    }

    /** @return operations that failed because the store was unavailable */
    public long errors() {
        return errors.sum();
    }

    /** @return requested session ids refused before reaching a key (length or charset) */
    public long invalidIds() {
        return invalidIds.sum();
    }

    /** @return envelope bytes read by successful loads */
    public long bytesRead() {
        return bytesRead.sum();
    }

    /** @return envelope bytes written by successful saves */
    public long bytesWritten() {
        return bytesWritten.sum();
    }

    @Override
    public String toString() {
        return "StoreStats[loads=" + loads() + ", loadMisses=" + loadMisses() + ", saves=" + saves() + ", touches="
                + touches() + ", deletes=" + deletes() + ", unreadable=" + unreadable() + ", conflicts=" + conflicts()
                + ", errors=" + errors() + ", invalidIds=" + invalidIds() + "]";
    }
}
