package dev.limpet.tomcat;

import dev.limpet.sessions.BackupState;
import dev.limpet.sessions.SharedSession;
import dev.limpet.sessions.ImmutableValues;
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
public class LimpetSession extends StandardSession implements SharedSession {

    private static final long serialVersionUID = 1L;

    private final transient AtomicLong accessSequence = new AtomicLong();
    private final transient AtomicInteger activeRequests = new AtomicInteger();
    private final transient AtomicInteger joining = new AtomicInteger();
    private final transient BackupState backup = new BackupState();
    private transient volatile boolean stale;

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
        RequestScope.obtained(this); // sticky: the request may change this copy; counted on it until it ends
        return super.getSession();
    }

    /** Activation after a load hands the session to listeners: not an access by the request's application. */
    @Override
    public void activate() {
        RequestScope.notObtaining(super::activate);
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
        backup.attributesAccessed(!ImmutableValues.isImmutable(value));
        return value;
    }

    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        backup.attributesAccessed(true);
        super.setAttribute(name, value, notify);
    }

    @Override
    public void removeAttribute(String name, boolean notify) {
        backup.attributesAccessed(true);
        super.removeAttribute(name, notify);
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        if (interval != maxInactiveInterval) {
            backup.markMetadataChanged();
        }
        super.setMaxInactiveInterval(interval);
    }

    /** A login or logout by the container is a change to back up ({@link SessionAuthentication}). */
    @Override
    public void setPrincipal(java.security.Principal principal) {
        if (principal != this.principal) {
            backup.markMetadataChanged();
        }
        super.setPrincipal(principal);
    }

    /**
     * A copy dropped as stale only ends for the requests that still hold it: no listeners, no tombstone, and not
     * removed from the manager again (its id may name the reloaded copy there by now); the store has moved past
     * it, and their change, an {@code invalidate()} included, is answered as not stored.
     */
    @Override
    public void expire(boolean notify) {
        if (stale) {
            setValid(false);
            return;
        }
        boolean ending = notify && isValidInternal() && !expiring;
        boolean idle = ending && idleTimedOut();
        super.expire(notify);
        if (ending && manager instanceof LimpetSessionManager limpet) {
            limpet.ended(this, !idle);
        }
    }

    /** @return {@code false} once dropped as stale ({@link #dropQuietly}): Tomcat then looks the id up again */
    @Override
    public boolean isValid() {
        return !stale && super.isValid();
    }

    /**
     * @return whether the session is valid and not dropped as stale, without the idle check of {@link #isValid()}
     *         (which may expire it)
     */
    @Override
    public boolean live() {
        return isValidInternal() && !stale;
    }

    private boolean idleTimedOut() {
        return maxInactiveInterval > 0
                && System.currentTimeMillis() - thisAccessedTime >= maxInactiveInterval * 1000L;
    }

    /**
     * @return the attributes to store, in name order: serializable values not excluded by Tomcat's filters, and
     *         the container authentication ({@link SessionAuthentication})
     */
    @Override
    public SortedMap<String, Object> attributesToStore() {
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
    @Override
    public int activeRequests() {
        return activeRequests.get();
    }

    @Override
    public String id() {
        return getIdInternal();
    }

    @Override
    public BackupState backup() {
        return backup;
    }

    @Override
    public long creationTimeMillis() {
        return getCreationTimeInternal();
    }

    @Override
    public long lastAccessedTimeMillis() {
        return getLastAccessedTimeInternal();
    }

    @Override
    public int maxInactiveSeconds() {
        return getMaxInactiveInterval();
    }

    /**
     * No longer this node's live copy: out of the manager, {@link #isValid()} and {@link #live()} {@code false}
     * (never handed out, written or expired again), but not expired: a request that already holds its
     * {@code HttpSession} keeps reading and writing the attributes rather than meeting an
     * {@link IllegalStateException} (a 500), and is answered as not stored ({@link BackupState#isConflicted}).
     */
    @Override
    public void dropQuietly() {
        stale = true;
        manager.remove(this, true);
    }
}
