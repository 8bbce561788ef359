package dev.limpet.tomcat;

import dev.limpet.core.store.AttributesHash;
import dev.limpet.sessions.BackupFailure;
import dev.limpet.sessions.ImmutableValues;
import java.util.EnumSet;
import java.util.Set;
import java.io.Serializable;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.Manager;
import org.apache.catalina.session.StandardSession;

/**
 * Tomcat's {@link StandardSession} plus what write avoidance and takeover need: whether attributes were
 * touched since the last backup, whether the idle timeout or id changed, the hash and version of the stored
 * copy, and how many requests are using the session now. Listener behaviour is StandardSession's.
 *
 * <p>"Attributes accessed" (which makes the end of the request serialize and hash the attributes) is set by
 * {@code setAttribute} and {@code removeAttribute} always, and by {@code getAttribute} only when the value read
 * may be changed in place: reading a value of an {@link ImmutableValues immutable type} (or a missing
 * attribute) does not set it, nor does listing the names, since neither lets the application change what
 * would be stored.
 *
 * <p>Thread-safe as StandardSession is; the extra state is volatile or atomic.
 */
public class LimpetSession extends StandardSession {

    private static final long serialVersionUID = 1L;

    private final transient AtomicLong accessSequence = new AtomicLong();
    private final transient AtomicInteger activeRequests = new AtomicInteger();
    private final transient AtomicInteger joining = new AtomicInteger();
    private transient volatile boolean attributesAccessed;
    private transient volatile boolean metadataChanged = true;
    private transient volatile AttributesHash storedHash; // latest state handed to the store
    private transient volatile long storedVersion = dev.limpet.core.store.SessionStore.NEW_ONLY;
    private transient volatile long lastStoreRefreshMillis;
    private transient volatile boolean conflicted;
    private final transient Set<BackupFailure> failuresLogged = EnumSet.noneOf(BackupFailure.class);

    /** @param manager the owning {@link LimpetSessionManager} */
    public LimpetSession(Manager manager) {
        super(manager);
    }

    /**
     * Counts the application's accesses: {@code Request.getSession(boolean)} asks for the facade every time,
     * while container code (authenticators, the BackendCookieValve) uses {@code getSessionInternal} and does
     * not come here. So "not accessed" means "the application did not call {@code getSession}".
     */
    @Override
    public jakarta.servlet.http.HttpSession getSession() {
        accessSequence.incrementAndGet();
        return super.getSession();
    }

    /** A request that named this session starts (called by the valve before the application runs). */
    void beginRequest() {
        activeRequests.incrementAndGet();
    }

    /**
     * Non-sticky: a request found this copy and is about to wait for its monitor to join it; until it has
     * ({@link LimpetSessionManager#joinLocalCopy}) the copy is not dropped.
     */
    void announceJoin() {
        joining.incrementAndGet();
    }

    /** The announced request got the monitor (joined or not). */
    void joinDone() {
        joining.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** @return requests that announced a join and do not hold the monitor yet */
    int joining() {
        return joining.get();
    }

    /** That request ended (called by the valve after the backup decision). */
    void endRequest() {
        activeRequests.updateAndGet(n -> Math.max(0, n - 1));
    }

    @Override
    public Object getAttribute(String name) {
        Object value = super.getAttribute(name);
        if (!ImmutableValues.isImmutable(value)) {
            attributesAccessed = true;
        }
        return value;
    }

    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        attributesAccessed = true;
        super.setAttribute(name, value, notify);
    }

    @Override
    public void removeAttribute(String name, boolean notify) {
        attributesAccessed = true;
        super.removeAttribute(name, notify);
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        if (interval != maxInactiveInterval) {
            metadataChanged = true;
        }
        super.setMaxInactiveInterval(interval);
    }

    /** A login or logout by the container is a change to back up ({@link SessionAuthentication}). */
    @Override
    public void setPrincipal(java.security.Principal principal) {
        if (principal != this.principal) {
            metadataChanged = true;
        }
        super.setPrincipal(principal);
    }

    @Override
    public void expire(boolean notify) {
        boolean ending = notify && isValidInternal() && !expiring;
        boolean idle = ending && idleTimedOut();
        super.expire(notify);
        if (ending && manager instanceof LimpetSessionManager limpet) {
            limpet.ended(this, !idle);
        }
    }

    /** @return whether the session is valid, without the idle check of {@link #isValid()} (which may expire it) */
    boolean live() {
        return isValidInternal();
    }

    /**
     * @param cause a backup failure of this session
     * @return {@code true} the first time this cause is reported for this session (log it), then {@code false}
     */
    boolean firstFailure(BackupFailure cause) {
        synchronized (failuresLogged) {
            return failuresLogged.add(cause);
        }
    }

    private boolean idleTimedOut() {
        return maxInactiveInterval > 0
                && System.currentTimeMillis() - thisAccessedTime >= maxInactiveInterval * 1000L;
    }

    /**
     * @return the attributes to store, in name order: serializable values not excluded by Tomcat's filters, and
     *         the container authentication ({@link SessionAuthentication})
     */
    SortedMap<String, Object> attributesToStore() {
        SortedMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof Serializable && !exclude(entry.getKey(), value)) {
                copy.put(entry.getKey(), value);
            }
        }
        SessionAuthentication.addTo(this, copy);
        return copy;
    }

    /** Puts a loaded attribute without listeners (as StandardManager's reload does). */
    void restoreAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    /** Removes all attributes without listeners (a non-sticky reload). */
    void clearAttributesQuietly() {
        attributes.clear();
    }

    /** Sets the access times after a load: the store's expiry proves recent use. */
    void restoreTimes(long creationTimeMillis, long accessedMillis) {
        this.creationTime = creationTimeMillis;
        this.lastAccessedTime = accessedMillis;
        this.thisAccessedTime = accessedMillis;
    }

    /** @return increments every time the application obtains this session ({@code getSession}) */
    long accessSequence() {
        return accessSequence.get();
    }

    /** @return requests that named this session and are running now */
    int activeRequests() {
        return activeRequests.get();
    }

    boolean attributesAccessed() {
        return attributesAccessed;
    }

    boolean metadataChanged() {
        return metadataChanged;
    }

    /** Clears the change flags after a backup was decided, unless another request still uses the session. */
    void clearChangeFlags() {
        if (activeRequests.get() <= 1) {
            attributesAccessed = false;
        }
        metadataChanged = false;
    }

    /**
     * This copy lost a version race (non-sticky) or was dropped as stale (sticky); its content (the rejected
     * change) must never be saved, nor acknowledged, by a request that still holds it.
     */
    void conflicted() {
        this.conflicted = true;
    }

    boolean isConflicted() {
        return conflicted;
    }

    /** Forces the next backup to write (new id, lost store copy). */
    void markMetadataChanged() {
        metadataChanged = true;
    }

    AttributesHash storedHash() {
        return storedHash;
    }

    long storedVersion() {
        return storedVersion;
    }

    long lastStoreRefreshMillis() {
        return lastStoreRefreshMillis;
    }

    /** Records the hash of the state handed to the store (queued or written): the next comparison's basis. */
    void handedToStore(AttributesHash hash) {
        this.storedHash = hash;
    }

    /** Records a successful write. */
    void stored(long version, long nowMillis) {
        this.storedVersion = version;
        this.lastStoreRefreshMillis = nowMillis;
    }

    /** Records a load from the store. */
    void loaded(AttributesHash hash, long version, long nowMillis) {
        this.storedHash = hash;
        this.storedVersion = version;
        this.lastStoreRefreshMillis = nowMillis;
        this.metadataChanged = false;
        this.attributesAccessed = false;
        this.conflicted = false;
    }

    /** Records a successful touch. */
    void refreshed(long nowMillis) {
        this.lastStoreRefreshMillis = nowMillis;
    }

    /** Records that the store does not have this session (it lost it, or the id changed): the next write creates it. */
    void storeLostIt() {
        this.storedHash = null;
        this.storedVersion = dev.limpet.core.store.SessionStore.NEW_ONLY;
        this.metadataChanged = true;
    }

    /** Records that the state last handed to the store did not reach it (queue full): the next change writes. */
    void forgetStoredHash() {
        this.storedHash = null;
        this.metadataChanged = true;
    }
}
