package dev.limpet.sessions;

import dev.limpet.core.store.AttributesHash;
import dev.limpet.core.store.SessionStore;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one session copy of a node knows about its store entry, and what changed since it was last backed up: the
 * state behind write avoidance ({@link WriteDecision}) and one live copy ({@link StoredCopy}), shared by every
 * container adapter. A container's session holds one ({@link SharedSession#backup()}).
 *
 * <p>"Attributes accessed" is set by the adapter when the application sets or removes an attribute, or reads a
 * value that may be changed in place (not one of the {@link ImmutableValues}); "metadata changed" when the idle
 * timeout, the id or the authenticated principal changed. A new copy starts with metadata changed, so its first
 * request writes it.
 *
 * <p>Thread-safe: every field is volatile; compound updates happen under the session's monitor, as the writers
 * ({@link StickyWrites}, {@link SessionBackups}) take it.
 */
public final class BackupState {

    private volatile boolean attributesAccessed;
    private volatile boolean metadataChanged = true;
    private volatile AttributesHash storedHash; // latest state handed to the store
    private volatile long storedVersion = SessionStore.NEW_ONLY;
    private volatile long lastStoreRefreshMillis;
    private volatile boolean conflicted;
    private final Set<BackupFailure> failuresLogged = EnumSet.noneOf(BackupFailure.class);

    /** The application set or removed an attribute, or read a mutable value. */
    public void attributesAccessed(boolean accessed) {
        if (accessed) {
            this.attributesAccessed = true;
        }
    }

    /** @return whether attributes were accessed since the last backup decision */
    public boolean attributesAccessed() {
        return attributesAccessed;
    }

    /** Forces the next backup to write (idle timeout, id or principal changed; lost store copy). */
    public void markMetadataChanged() {
        metadataChanged = true;
    }

    /** @return whether metadata changed since the last backup decision */
    public boolean metadataChanged() {
        return metadataChanged;
    }

    /**
     * Clears the change flags after a backup was decided; the attributes flag only when no other request still
     * uses the session (it may change it after this decision).
     *
     * @param activeRequests requests using the session now, the deciding one included
     */
    public void clearChangeFlags(int activeRequests) {
        if (activeRequests <= 1) {
            attributesAccessed = false;
        }
        metadataChanged = false;
    }

    /**
     * This copy lost a version race (non-sticky) or was dropped as stale (sticky); its content (the rejected
     * change) must never be saved, nor acknowledged, by a request that still holds it.
     */
    public void conflicted() {
        this.conflicted = true;
    }

    /** @return whether {@link #conflicted()} was called since the last load */
    public boolean isConflicted() {
        return conflicted;
    }

    /** @return the hash of the state last handed to the store, or {@code null} (never, or lost) */
    public AttributesHash storedHash() {
        return storedHash;
    }

    /** @return the store version this copy last loaded or wrote; {@link SessionStore#NEW_ONLY} if none */
    public long storedVersion() {
        return storedVersion;
    }

    /** @return when the store copy's expiry was last refreshed, epoch milliseconds; 0 if never */
    public long lastStoreRefreshMillis() {
        return lastStoreRefreshMillis;
    }

    /** Records the hash of the state handed to the store (queued or written): the next comparison's basis. */
    public void handedToStore(AttributesHash hash) {
        this.storedHash = hash;
    }

    /** Records a successful write: the new version, and {@code nowMillis} as the last refresh. */
    public void stored(long version, long nowMillis) {
        this.storedVersion = version;
        this.lastStoreRefreshMillis = nowMillis;
    }

    /** Records a load from the store: hash and version of the loaded state; change flags cleared. */
    public void loaded(AttributesHash hash, long version, long nowMillis) {
        this.storedHash = hash;
        this.storedVersion = version;
        this.lastStoreRefreshMillis = nowMillis;
        this.metadataChanged = false;
        this.attributesAccessed = false;
        this.conflicted = false;
    }

    /** Records a successful touch (or sets 0 so that the next request's refresh checks again). */
    public void refreshed(long nowMillis) {
        this.lastStoreRefreshMillis = nowMillis;
    }

    /** Records that the store does not have this session (it lost it, or the id changed): the next write creates it. */
    public void storeLostIt() {
        this.storedHash = null;
        this.storedVersion = SessionStore.NEW_ONLY;
        this.metadataChanged = true;
    }

    /** Records that the state last handed to the store did not reach it (queue full): the next change writes. */
    public void forgetStoredHash() {
        this.storedHash = null;
        this.metadataChanged = true;
    }

    /**
     * @param cause a backup failure of this session
     * @return {@code true} the first time this cause is reported for this copy (log it), then {@code false}
     */
    public boolean firstFailure(BackupFailure cause) {
        synchronized (failuresLogged) {
            return failuresLogged.add(cause);
        }
    }
}
