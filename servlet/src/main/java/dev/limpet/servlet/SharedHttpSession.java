package dev.limpet.servlet;

import dev.limpet.sessions.BackupState;
import dev.limpet.sessions.ImmutableValues;
import dev.limpet.sessions.SharedSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link HttpSession} that {@link SessionSharingFilter} hands to the application, backed by Limpet's store:
 * attributes in memory on this node, written to the store by the shared writers ({@link SharedSession}).
 *
 * <p>Write avoidance, as Tomcat's {@code LimpetSession}: "attributes accessed" is set by {@code setAttribute} and
 * {@code removeAttribute} always, and by {@code getAttribute} only when the value read may be changed in place
 * (not one of the {@link ImmutableValues}); so an object changed in place is detected (its serialized hash
 * differs) and an unchanged one is never written. {@link HttpSessionBindingListener} values are told when bound
 * and unbound, as the Servlet specification requires; other session listeners are not called.
 *
 * <p>Thread-safe: attributes in a concurrent map, times and flags volatile or atomic.
 */
final class SharedHttpSession implements HttpSession, SharedSession {

    /** What the session tells its filter when it ends here. */
    interface Owner {
        /**
         * @param session  the session that ended
         * @param explicit {@code true} for {@code invalidate()}, {@code false} for an idle timeout
         */
        void ended(SharedHttpSession session, boolean explicit);
    }

    private final ServletContext context;
    private final Owner owner;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final BackupState backup = new BackupState();
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final AtomicLong accessSequence = new AtomicLong();
    private final long creationTimeMillis;
    private volatile String id;
    private volatile long lastAccessedTimeMillis;
    private volatile long thisAccessedTimeMillis;
    private volatile int maxInactiveSeconds;
    private volatile boolean valid = true;
    private volatile boolean stale;
    private volatile boolean isNew;

    /**
     * @param id                 the session id, route included
     * @param creationTimeMillis creation time, epoch milliseconds
     * @param maxInactiveSeconds idle timeout, seconds (0 or less: never)
     * @param isNew              whether the client does not know the session yet
     * @param context            the web application
     * @param owner              told when the session ends
     */
    SharedHttpSession(String id, long creationTimeMillis, int maxInactiveSeconds, boolean isNew,
                      ServletContext context, Owner owner) {
        this.id = id;
        this.creationTimeMillis = creationTimeMillis;
        this.lastAccessedTimeMillis = creationTimeMillis;
        this.thisAccessedTimeMillis = creationTimeMillis;
        this.maxInactiveSeconds = maxInactiveSeconds;
        this.isNew = isNew;
        this.context = context;
        this.owner = owner;
    }

    // ---- HttpSession ----

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return creationTimeMillis;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return lastAccessedTimeMillis;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        if (interval != maxInactiveSeconds) {
            backup.markMetadataChanged();
        }
        maxInactiveSeconds = interval;
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveSeconds;
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        Object value = attributes.get(name);
        backup.attributesAccessed(!ImmutableValues.isImmutable(value));
        return value;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(new TreeMap<>(attributes).keySet());
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid("setAttribute");
        if (value == null) {
            removeAttribute(name);
            return;
        }
        backup.attributesAccessed(true);
        if (value instanceof HttpSessionBindingListener listener) {
            listener.valueBound(new HttpSessionBindingEvent(this, name, value));
        }
        Object old = attributes.put(name, value);
        if (old != value && old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        backup.attributesAccessed(true);
        Object old = attributes.remove(name);
        if (old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
    }

    /** Ends the session here and everywhere: its store entry becomes a tombstone (logout everywhere). */
    @Override
    public void invalidate() {
        checkValid("invalidate");
        end(true);
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return isNew;
    }

    // ---- SharedSession ----

    @Override
    public String id() {
        return id;
    }

    @Override
    public BackupState backup() {
        return backup;
    }

    @Override
    public SortedMap<String, Object> attributesToStore() {
        SortedMap<String, Object> copy = new TreeMap<>();
        attributes.forEach((name, value) -> {
            if (value instanceof Serializable) {
                copy.put(name, value);
            }
        });
        return copy;
    }

    @Override
    public long creationTimeMillis() {
        return creationTimeMillis;
    }

    @Override
    public long lastAccessedTimeMillis() {
        return lastAccessedTimeMillis;
    }

    @Override
    public int maxInactiveSeconds() {
        return maxInactiveSeconds;
    }

    /** @return valid and not dropped as stale: this node's live copy */
    @Override
    public boolean live() {
        return valid && !stale;
    }

    @Override
    public int activeRequests() {
        return activeRequests.get();
    }

    /**
     * No longer this node's live copy ({@link #live()} is {@code false}: never written, looked up or expired
     * again), but not invalidated: the requests that already hold it keep reading and writing its attributes
     * rather than meeting an {@link IllegalStateException} (a 500), and the end of each is answered as not stored
     * ({@link BackupState#isConflicted}).
     */
    @Override
    public void dropQuietly() {
        stale = true;
    }

    // ---- for the filter ----

    /** A request that named this session starts: counts it and records the access time. */
    void beginRequest(long nowMillis) {
        activeRequests.incrementAndGet();
        lastAccessedTimeMillis = thisAccessedTimeMillis;
        thisAccessedTimeMillis = nowMillis;
    }

    /** That request ended. */
    void endRequest() {
        activeRequests.updateAndGet(n -> Math.max(0, n - 1));
        isNew = false;
    }

    /** The application obtained the session ({@code getSession}). */
    void accessed() {
        accessSequence.incrementAndGet();
    }

    /** @return increments every time the application obtains this session */
    long accessSequence() {
        return accessSequence.get();
    }

    /** Puts a loaded attribute without binding events (as Tomcat's reload does). */
    void restoreAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    /** Gives the session a new id ({@code changeSessionId}); the next write stores it under the new id. */
    void changeId(String newId) {
        this.id = newId;
        backup.storeLostIt();
    }

    /**
     * @param nowMillis now, epoch milliseconds
     * @return whether the idle timeout passed since the last request (none running)
     */
    boolean idleTimedOut(long nowMillis) {
        return live() && maxInactiveSeconds > 0 && activeRequests.get() == 0
                && nowMillis - thisAccessedTimeMillis >= maxInactiveSeconds * 1000L;
    }

    /**
     * Ends the session on this node: unbinds the attributes, tells the owner (which writes the tombstone). A copy
     * dropped as stale only ends for the requests that hold it: the store has moved past it, and their change
     * (this {@code invalidate()} too) is answered as not stored.
     *
     * @param explicit {@code true} for {@code invalidate()}, {@code false} for an idle timeout
     */
    void end(boolean explicit) {
        boolean liveCopy;
        synchronized (this) {
            if (!valid) {
                return;
            }
            valid = false;
            liveCopy = !stale;
        }
        if (liveCopy) {
            owner.ended(this, explicit);
        }
        for (String name : attributes.keySet()) {
            Object old = attributes.remove(name);
            if (old instanceof HttpSessionBindingListener listener) {
                listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
            }
        }
    }

    private void checkValid(String method) {
        if (!valid) {
            throw new IllegalStateException(method + ": the session has been invalidated");
        }
    }
}
