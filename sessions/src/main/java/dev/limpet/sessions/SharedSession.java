package dev.limpet.sessions;

import java.util.SortedMap;

/**
 * A container's session as the store writers see it ({@link SessionBackups}, {@link StickyWrites},
 * {@link Tombstones}): its id, times, the attributes to store and its {@link BackupState}. Implemented by the
 * Tomcat adapter's session (a {@code StandardSession}) and the servlet filter's session.
 *
 * <p>Writers synchronize on the implementing object: an implementation must not hold its own monitor while
 * calling back into the writers from another thread. Implementations are thread-safe.
 */
public interface SharedSession {

    /** @return the session id as the client sees it, route suffix included ({@code base.route}) */
    String id();

    /** @return this copy's store bookkeeping; the same object for the copy's whole life */
    BackupState backup();

    /**
     * @return the attributes to store, in name order: the serializable values the container does not exclude,
     *         plus whatever container state travels with the session (for example the authenticated principal)
     */
    SortedMap<String, Object> attributesToStore();

    /** @return creation time, epoch milliseconds */
    long creationTimeMillis();

    /** @return last access time, epoch milliseconds */
    long lastAccessedTimeMillis();

    /** @return idle timeout, seconds; 0 or less: never expires */
    int maxInactiveSeconds();

    /** @return whether the copy is valid, without an idle check that may expire it */
    boolean live();

    /** @return requests using this copy now on this node */
    int activeRequests();

    /**
     * Ends this copy on this node only, without session listeners and without touching the store: the store
     * moved past it (a newer version elsewhere, or a tombstone). Called under the copy's monitor.
     *
     * <p>Not an invalidation: from now on {@link #live()} is {@code false} (the copy is never handed out, written
     * or expired again), but a request that already holds the copy keeps reading and writing its attributes,
     * never meeting an {@code IllegalStateException} (a 500) because a concurrent request dropped it. Its
     * {@link BackupState#conflicted()} is set first ({@link StickyWrites#dropStale}), so the end of such a
     * request answers it as not stored (409).
     */
    void dropQuietly();
}
