package dev.limpet.tomcat;

import dev.limpet.sessions.SharingSettings;
import static dev.limpet.sessions.WriteDecision.SKIP_ATTRIBUTES_NOT_ACCESSED;
import static dev.limpet.sessions.WriteDecision.SKIP_IGNORED_URI;
import static dev.limpet.sessions.WriteDecision.SKIP_NOT_ACCESSED;
import static dev.limpet.sessions.WriteDecision.SKIP_UNCHANGED;
import static dev.limpet.sessions.WriteDecision.WRITE;

import dev.limpet.sessions.BackupQueue;
import dev.limpet.sessions.SessionBackups;
import dev.limpet.sessions.StickyWrites;
import dev.limpet.sessions.Tombstones;
import dev.limpet.sessions.LocalSessionLock;
import dev.limpet.sessions.NonStickyRules;
import dev.limpet.sessions.SessionCounters;
import java.io.IOException;
import java.util.Optional;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Session;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * A Tomcat session {@code Manager} that keeps sessions in a shared store so that, when a node dies, its users
 * continue on another node with their session intact (docs/architecture.md §4; install: {@code docs/tomcat.md}):
 * <pre>{@code <Manager className="dev.limpet.tomcat.LimpetSessionManager"
 *          storeUri="redis://127.0.0.1:6379/0" secretFile="/etc/limpet/secret"/>}</pre>
 * The manager adds its request-boundary valve ({@link LimpetSessionValve}) to the Context itself.
 *
 * <p><b>Attributes</b> (checked at start; every problem is reported in one {@link LifecycleException}):
 * <ul>
 * <li>{@code storeUri} — {@code redis://…} (also {@code rediss}, Sentinel, Cluster), {@code memcached://…},
 *     {@code jdbc:…} (PostgreSQL, MariaDB/MySQL, H2), {@code memory:} (one JVM only). Required unless
 *     {@code dataSourceName} is set.</li>
 * <li>{@code dataSourceName} — JNDI name of a {@code DataSource} (looked up as {@code java:comp/env/NAME}, then
 *     {@code NAME}); with it, {@code storeUri} defaults to {@code jdbc:datasource}. Default none.</li>
 * <li>{@code secretFile} / {@code secretEnv} — the master secret (as for the BackendCookieValve); store blobs are
 *     MAC'd with the derived {@code session-blob} key. Exactly one is required.</li>
 * <li>{@code sticky} — default {@code true}: the live session stays here, the store holds a backup written
 *     only when the session changed, conditional on the version this node last loaded or wrote (one live copy:
 *     see {@link StickyWrites}). {@code false}: the store is the source of truth, read once
 *     at the start and written once at the end of each request, with optimistic versioning. Requests of one
 *     session on one node run one after another (as with Tomcat's {@code PersistentValve}), so a 409 always
 *     means that nothing of the request was kept.</li>
 * <li>{@code requestUriIgnorePattern} — a regular expression on the request URI (context path included) whose
 *     requests never touch the store. Default {@value #DEFAULT_IGNORE_PATTERN} (static resources, as msm).</li>
 * <li>{@code sessionAttributeValueClassNameFilter} — Tomcat's attribute (regex of class names). Not set (default):
 *     takeover reads the JDK basics and the classes the webapp's own loader defines; set: the JDK basics and the
 *     classes it matches, as in Tomcat. Gadget classes never; refusals are logged at backup
 *     ({@link SerializerSettings}).</li>
 * <li>{@code persistAuthentication} — Tomcat's attribute: the container's cached principal and auth type travel
 *     with the session (still logged in after a takeover). Default {@code true} (Tomcat's managers: {@code false}).</li>
 * <li>{@code operationTimeoutMillis} — longest store operation, milliseconds, 1..60000. Default 1000.</li>
 * <li>{@code keyPrefix} — the store key namespace, 1..64 characters of {@code [A-Za-z0-9_./-]}. Default: Host
 *     name + context path (e.g. {@code localhost/cart}); nodes sharing sessions must use the same.</li>
 * <li>{@code lockingMode} — non-sticky only: {@code none} (default; optimistic versioning only) or {@code all}
 *     (every request naming a session holds a store lock, so concurrent requests of one session run one
 *     after another across nodes).</li>
 * <li>{@code lockTimeoutMillis} — longest wait for the lock (the store lock, and in non-sticky mode this
 *     node's lock of the session), milliseconds, 0..60000. Default 3000; a store lock
 *     lives at most {@code max(2, lockTimeoutMillis / 1000 * 2)} seconds if its holder dies.</li>
 * <li>{@code lockTimeoutAction} — {@code fail} (default: answer 503 with {@code Retry-After: 1}) or
 *     {@code proceed} (serve the request without the lock; counted).</li>
 * <li>{@code failOnStoreError} — non-sticky only: {@code true} answers 503 when the store cannot be read or
 *     written; default {@code false} degrades (serves what this node has, counts the error). Sticky mode
 *     always degrades: local sessions keep being served and backups catch up when the store returns.</li>
 * <li>{@code backupMode} — sticky only: {@code sync} (default; a changed session is written before the response
 *     is committed, so what a response showed is stored) or {@code async} (written after the response by the
 *     backup queue; changes acknowledged within the queue's latency before a node dies are lost).
 *     See {@link dev.limpet.sessions.BackupMode}.</li>
 * <li>{@code backupQueueCapacity} — sessions waiting for a backup, 1..1000000. Default 10000.</li>
 * <li>{@code backupThreads} — backup writer threads, 1..64. Default 2.</li>
 * </ul>
 * Inherited ManagerBase attributes ({@code maxActiveSessions}, {@code processExpiresFrequency},
 * {@code sessionAttributeNameFilter}, …) keep their meaning.
 *
 * <p><b>Store down</b>, also when the Context starts: only configuration errors fail the start. A store whose
 * server cannot be reached then is opened again in the background every second
 * ({@link dev.limpet.core.store.DeferredStoreBackend}; a JDBC schema is applied on the first connection); until it
 * answers, store calls fail at once and are counted, sticky mode serves and creates sessions locally and writes
 * their backups once the store is up, non-sticky mode follows {@code failOnStoreError}.
 *
 * <p><b>JMX</b>: registered like StandardManager ({@code Catalina:type=Manager,host=…,context=…}); the
 * counters are the read-only attributes below ({@code getStoreLoads}, {@code getTakeovers}, …).
 *
 * <p><b>Expiry</b>: local sessions expire as with StandardManager (listeners fire here). The store copy lives
 * {@code maxInactiveInterval} (refreshed by throttled touches, {@link dev.limpet.sessions.ExpiryRefresh}).
 * {@code invalidate()} and idle expiry leave a tombstone in the store ({@link Tombstones}); the idle one is
 * conditional on this node's version, so a node that lost its user to another node cannot end the session
 * the other node now serves. In non-sticky mode local copies
 * are dropped after each request, so idle expiry is the store's and fires no {@code sessionDestroyed}.
 *
 * <p>Thread-safe. Logging: JULI logger {@code dev.limpet.tomcat.LimpetSessionManager}; session ids appear as
 * hashes, the store URI without credentials, the secret never.
 */
public class LimpetSessionManager extends ConfigurableManagerBase {

    /** Default {@code requestUriIgnorePattern}. */
    public static final String DEFAULT_IGNORE_PATTERN = SharingSettings.DEFAULT_IGNORE_PATTERN;

    private static final long DRAIN_ON_STOP_MILLIS = 5000;

    private final Log log = LogFactory.getLog(LimpetSessionManager.class);
    private final SessionCounters counters = new SessionCounters();
    private final LocalSessionLock localLock = new LocalSessionLock();

    private volatile ManagerRuntime runtime;
    private volatile LimpetSessionValve valve;

    /** A manager with the defaults above: {@code persistAuthentication} on. */
    public LimpetSessionManager() {
        setPersistAuthentication(true);
    }

    @Override
    protected synchronized void startInternal() throws LifecycleException {
        super.startInternal();
        runtime = ManagerRuntime.start(this);
        valve = new LimpetSessionValve(this);
        boundaryPipeline().addValve(valve);
        setState(LifecycleState.STARTING);
    }

    /**
     * The request boundary sits in the Host's pipeline (it acts only on this manager's Context), so that it runs
     * before every valve of the Context — such as the BackendCookieValve, which looks the session up — and
     * after the whole Context has answered (error pages included). Without a Host: the Context's pipeline.
     */
    private org.apache.catalina.Pipeline boundaryPipeline() {
        org.apache.catalina.Container host = getContext().getParent();
        return host != null ? host.getPipeline() : getContext().getPipeline();
    }

    @Override
    protected synchronized void stopInternal() throws LifecycleException {
        setState(LifecycleState.STOPPING);
        if (valve != null) {
            boundaryPipeline().removeValve(valve);
            valve = null;
        }
        ManagerRuntime current = runtime;
        if (current != null) {
            current.queue().close(DRAIN_ON_STOP_MILLIS);
        }
        for (Session session : findSessions()) {
            if (session instanceof StandardSession standard && standard.isValid()) {
                standard.passivate();
                standard.expire(false);
            }
        }
        if (current != null) {
            current.lock().close();
            current.store().close();
        }
        super.stopInternal();
    }

    @Override
    protected StandardSession getNewSession() {
        return new LimpetSession(this);
    }

    /**
     * Finds a session: locally, else (a requested id naming another route or unknown here) from the store,
     * taking it over under this node's route. Never throws for an absent, unreadable or unreachable entry.
     */
    @Override
    public Session findSession(String id) throws IOException {
        Session local = super.findSession(id);
        ManagerRuntime current = runtime;
        if (local != null || id == null || current == null) {
            return RequestScope.handedOut(id, local);
        }
        return RequestScope.handedOut(id, current.loader().findForContainer(id));
    }

    /**
     * A new session — unless the caller is a request whose handed-out copy a concurrent request of this node
     * dropped as stale: it gets the reloaded copy ({@link SessionLoader#reloadDropped}).
     */
    @Override
    public Session createSession(String sessionId) {
        Session reloaded = running().map(r -> r.loader().reloadDropped()).orElse(null);
        return reloaded != null ? reloaded : super.createSession(sessionId);
    }

    /** @return the local session with exactly this id, or {@code null}; never reads the store */
    Session findLocal(String id) {
        return sessions.get(id);
    }

    @Override
    protected void changeSessionId(Session session, String newId, boolean notifySessionListeners,
                                   boolean notifyContainerListeners) {
        String oldId = session.getIdInternal();
        super.changeSessionId(session, newId, notifySessionListeners, notifyContainerListeners);
        ManagerRuntime current = runtime;
        if (current != null && session instanceof LimpetSession limpet
                && !current.backups().storeId(oldId).equals(current.backups().storeId(newId))) {
            limpet.backup().storeLostIt();
            current.deleteFromStore(oldId);
        }
    }

    /**
     * Non-sticky: forgets the local copy after a request unless another request of this node uses it or is
     * joining it ({@link LimpetSession#announceJoin}). Under the copy's monitor, as {@link #joinLocalCopy}: a
     * request is counted on a copy only while it is the manager's copy of its id.
     */
    void dropIdleCopy(LimpetSession session) {
        synchronized (session) {
            if (session.activeRequests() <= 1 && session.joining() == 0) {
                super.remove(session, false);
            }
        }
    }

    /**
     * Non-sticky: counts a request on a local copy, if the copy is still this node's copy of its id. A copy
     * dropped meanwhile must not be joined: the application's {@code getSession} looks the id up in this manager
     * and would get another, uncounted copy, which a concurrent request of this node could then refresh under it
     * (the refresh sees a single request), and write avoidance would skip (or a save would overwrite) this
     * request's change while it is answered 200.
     *
     * @param session a copy found with {@link #findLocal} or loaded, after {@link LimpetSession#announceJoin}
     * @return whether the request was counted on it; the caller holds the copy's monitor to refresh it
     */
    boolean joinLocalCopy(LimpetSession session) {
        synchronized (session) {
            session.joinDone();
            if (sessions.get(session.getIdInternal()) != session) {
                return false;
            }
            session.beginRequest();
            return true;
        }
    }

    /**
     * Called by a {@link LimpetSession} that ended here: its store entry becomes a tombstone ({@link Tombstones}).
     *
     * @param explicit {@code true} for {@code invalidate()}, {@code false} for an idle timeout
     */
    void ended(LimpetSession session, boolean explicit) {
        ManagerRuntime current = runtime;
        if (current != null) {
            current.tombstones().ended(session, explicit);
        }
    }

    /** Sessions come from the store on demand; nothing to load at start. */
    @Override
    public void load() {
        // Nothing: the store is read when a request names a session this node does not have.
    }

    /** Waits (at most 5 seconds) for queued backups. */
    @Override
    public void unload() {
        ManagerRuntime current = runtime;
        if (current != null) {
            try {
                current.queue().awaitEmpty(DRAIN_ON_STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return this manager and its Context's name, for messages */
    String describe() {
        return "LimpetSessionManager of [" + (getContext() == null ? "?" : getContext().getName()) + "]";
    }

    private Optional<ManagerRuntime> running() {
        return Optional.ofNullable(runtime);
    }

    // ---- collaborators for the valve (null before the first start) ----

    SharingSettings settings() { return running().map(ManagerRuntime::settings).orElse(null); }

    SessionLoader loader() { return running().map(ManagerRuntime::loader).orElse(null); }

    SessionBackups backups() { return running().map(ManagerRuntime::backups).orElse(null); }

    StickyWrites sticky() { return running().map(ManagerRuntime::sticky).orElse(null); }

    NonStickyRules nonSticky() { return running().map(ManagerRuntime::nonSticky).orElse(null); }

    /** @return the backup queue, for tests awaiting asynchronous backups */
    BackupQueue backupQueue() { return running().map(ManagerRuntime::queue).orElse(null); }

    /** @return the node-local per-session lock of non-sticky mode */
    LocalSessionLock localLock() { return localLock; }

    SessionCounters counters() { return counters; }

    Log log() { return log; }

    // ---- JMX counters (read-only attributes; 0, or available, before the first start) ----

    /** @return store reads (takeovers, non-sticky loads, misses included) */
    public long getStoreLoads() { return running().map(r -> r.store().stats().loads()).orElse(0L); }
    /** @return successful store writes */
    public long getStoreSaves() { return running().map(r -> r.store().stats().saves()).orElse(0L); }
    /** @return store expiry refreshes (touch) that reached the store */
    public long getStoreTouches() { return running().map(r -> r.store().stats().touches()).orElse(0L); }
    /** @return nanoseconds spent in store loads that reached the store (JMX; divide by {@link #getStoreLoads()}) */
    public long getStoreLoadNanos() { return running().map(r -> r.store().stats().loadNanos()).orElse(0L); }
    /** @return nanoseconds spent in store saves (JMX; divide by {@link #getStoreSaves()}) */
    public long getStoreSaveNanos() { return running().map(r -> r.store().stats().saveNanos()).orElse(0L); }
    /** @return nanoseconds spent in store expiry refreshes (JMX; divide by {@link #getStoreTouches()}) */
    public long getStoreTouchNanos() { return running().map(r -> r.store().stats().touchNanos()).orElse(0L); }
    /** @return envelope bytes written to the store */
    public long getBytesWritten() { return running().map(r -> r.store().stats().bytesWritten()).orElse(0L); }
    /** @return sessions loaded from the store because the request named another route or an unknown id */
    public long getTakeovers() { return counters.takeovers(); }
    /** @return requests whose write was skipped: URI matched {@code requestUriIgnorePattern} */
    public long getWritesSkippedIgnoredUri() { return counters.decisions(SKIP_IGNORED_URI); }
    /** @return requests whose write was skipped: session not accessed */
    public long getWritesSkippedNotAccessed() { return counters.decisions(SKIP_NOT_ACCESSED); }
    /** @return requests whose write was skipped: no attribute set or removed, no mutable value read */
    public long getWritesSkippedAttributesNotAccessed() { return counters.decisions(SKIP_ATTRIBUTES_NOT_ACCESSED); }
    /** @return requests whose write was skipped: serialized attributes hash unchanged */
    public long getWritesSkippedUnchanged() { return counters.decisions(SKIP_UNCHANGED); }
    /** @return requests that ended with a write (queued in sticky mode) */
    public long getWritesRequested() { return counters.decisions(WRITE); }
    /** @return writes (and takeover claims) refused because another node wrote the session first */
    public long getConflicts() { return counters.conflicts(); }
    /** @return local copies dropped because the store held a newer version or a tombstone */
    public long getStaleCopiesDropped() { return counters.staleCopiesDropped(); }
    /** @return backups that did not reach the store, all causes (see {@link #getBackupFailuresByCause}) */
    public long getBackupFailures() { return counters.backupFailures(); }
    /** @return backup failures by cause: {@code unserializable=…, storeUnavailable=…, conflict=…, queueFull=…, unexpected=…} */
    public String getBackupFailuresByCause() { return counters.backupFailuresByCause(); }
    /** @return store operations that failed (unavailable, or skipped while the circuit breaker was open) */
    public long getStoreErrors() { return counters.storeErrors() + running().map(r -> r.queue().failed()).orElse(0L); }
    /** @return stored sessions that could not be used (MAC, key id, format, class filter; users got a fresh one) */
    public long getUnreadableSessions() { return counters.unreadable(); }
    /** @return backups dropped because the queue was full (re-queued at the session's next change) */
    public long getBackupsDropped() { return running().map(r -> r.queue().dropped()).orElse(0L); }
    /** @return sessions waiting for a backup now */
    public int getBackupQueueSize() { return running().map(r -> r.queue().size()).orElse(0); }
    /** @return non-sticky lock waits that timed out */
    public long getLockTimeouts() { return counters.lockTimeouts(); }
    /** @return whether the store is considered reachable (circuit breaker closed) */
    public boolean getStoreAvailable() { return running().map(r -> !r.core().breaker().isOpen()).orElse(true); }
}
