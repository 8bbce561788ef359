package dev.limpet.jetty;

import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoredSession;
import dev.limpet.sessions.SessionCounters;
import dev.limpet.sessions.StoredCopy;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.eclipse.jetty.session.AbstractSessionDataStore;
import org.eclipse.jetty.session.SessionCache;
import org.eclipse.jetty.session.SessionContext;
import org.eclipse.jetty.session.SessionData;

/**
 * A Jetty 12 {@link org.eclipse.jetty.session.SessionDataStore} that keeps Jetty's sessions in Limpet's
 * {@link SessionStore}: a signed blob per session, read back only after its MAC verified and through the class
 * filter, every write conditional on the version this node last loaded or wrote (docs/architecture.md §4). Jetty's
 * own {@code SessionHandler}, {@code SessionCache} and {@code DefaultSessionIdManager} use it unchanged; made by
 * {@link LimpetSessionDataStoreFactory} (Jetty module {@code limpet-session}, {@code docs/jetty.md}).
 *
 * <ul>
 * <li><b>Load</b> (Jetty's cache does not hold the session: a takeover, or a restarted node): the stored copy,
 *     then a <em>claim</em>, its state written back with this node's worker name conditional on the loaded
 *     version, so every other node's copy is stale from then on. Jetty re-issues the session cookie with the local
 *     worker name itself when the requested id names another worker. Absent, ended (tombstone) or unreadable:
 *     {@code null}, Jetty gives a fresh session; a tampered or poisoned entry is deleted by the store.</li>
 * <li><b>Store</b>: Jetty asks after every request ({@code savePeriodSec} 0); the attributes are serialized and
 *     hashed, and written only when the hash differs from the stored copy's, which catches objects changed in
 *     place without {@code setAttribute}; otherwise the store's expiry is refreshed every touch interval
 *     ({@link StickyCopies}). A store that does not answer parks the write in a backup queue that writes it when
 *     the store is back: the node keeps serving from Jetty's cache, never a 500.</li>
 * <li><b>Delete</b> (invalidate, logout): a tombstone for every node; an expired session is ended only if this
 *     node holds the live copy.</li>
 * </ul>
 *
 * <p>Thread-safe: Jetty's cache serializes the calls for one session; state per session lives in
 * {@link StickyCopies}.
 */
public final class LimpetSessionDataStore extends AbstractSessionDataStore {

    private static final System.Logger LOG = System.getLogger(LimpetSessionDataStore.class.getName());

    private final BiFunction<SessionContext, ClassLoader, StoreRuntime> opener;
    private final Set<String> droppingLocally = ConcurrentHashMap.newKeySet();
    private volatile StoreRuntime runtime;

    /**
     * @param opener opens the store for the web application's session context and class loader (the thread context
     *               class loader when Jetty starts the session manager)
     */
    LimpetSessionDataStore(BiFunction<SessionContext, ClassLoader, StoreRuntime> opener) {
        this.opener = opener;
    }

    @Override
    protected void doStart() throws Exception {
        runtime = opener.apply(_context, Thread.currentThread().getContextClassLoader());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        StoreRuntime open = runtime;
        runtime = null;
        if (open != null) {
            open.close();
        }
    }

    /** @return the open store of this web application (for tests and the handler) */
    StoreRuntime runtime() {
        return runtime;
    }

    /** @return the counters of this store's sessions (takeovers, conflicts, stale copies dropped, store errors) */
    public SessionCounters counters() {
        return runtime.counters();
    }

    @Override
    public boolean isPassivating() {
        return true; // attributes are serialized: Jetty calls the passivation listeners around a store
    }

    @Override
    public SessionData doLoad(String id) {
        Optional<StoredSession> stored = runtime.copies().loadAndClaim(id, _context.getWorkerName());
        if (stored.isEmpty()) {
            return null;
        }
        StoredSession session = stored.get();
        long lastAccessed = session.metadata().lastAccessedTimeMillis();
        SessionData data = newSessionData(id, session.metadata().creationTimeMillis(), lastAccessed, lastAccessed,
                session.metadata().maxInactiveSeconds() * 1000L);
        data.putAllAttributes(session.attributes());
        data.setLastNode(session.metadata().lastRoute());
        data.setContextPath(_context.getCanonicalContextPath());
        data.setVhost(_context.getVhost());
        data.setLastSaved(System.currentTimeMillis());
        data.clean();
        return data;
    }

    /**
     * As Jetty's, then keeps the session marked dirty: Jetty marks a session dirty only on {@code setAttribute},
     * but an object changed in place changes the session too. With the cache's {@code flushOnResponseCommit} the
     * session is thus offered to {@link #doStore} before every response commits, where the attributes' hash
     * decides whether anything is written.
     */
    @Override
    public void store(String id, SessionData data) throws Exception {
        super.store(id, data);
        if (data != null) {
            data.setDirty(true);
        }
    }

    @Override
    public void doStore(String id, SessionData data, long lastSaveTime) {
        runtime.copies().store(snapshot(id, data), this::dropLocalCopy);
    }

    private StickyCopies.Snapshot snapshot(String id, SessionData data) {
        long maxInactiveMs = data.getMaxInactiveMs();
        int maxInactiveSeconds = maxInactiveMs <= 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, maxInactiveMs / 1000);
        String route = _context.getWorkerName();
        SessionMetadata metadata = new SessionMetadata(data.getCreated(), Math.max(0, data.getAccessed()),
                maxInactiveSeconds, RouteCodec.isValidRoute(route) ? route : "");
        return new StickyCopies.Snapshot(id, metadata, data.getAllAttributes());
    }

    @Override
    public boolean delete(String id) {
        if (droppingLocally.contains(id)) {
            return true; // a stale copy leaves the cache only: the store holds the live one
        }
        return runtime.copies().end(id);
    }

    @Override
    public boolean doExists(String id) {
        return runtime.copies().exists(id);
    }

    /**
     * Of the sessions Jetty's scavenger found expired in this node's cache, those whose stored copy is this node's
     * (or gone); a copy another node has written since is dropped from the cache instead, so this node never ends
     * a session that lives on elsewhere.
     */
    @Override
    public Set<String> doCheckExpired(Set<String> candidates, long time) {
        Set<String> expired = new HashSet<>();
        for (String id : candidates) {
            StoredCopy state = runtime.copies().compare(id).orElse(StoredCopy.CURRENT);
            if (state == StoredCopy.NEWER) {
                dropLocalCopy(id);
            } else {
                runtime.copies().expiring(id);
                expired.add(id);
            }
        }
        return expired;
    }

    /** Sessions that no node's cache holds expire in the store by its time to live: nothing to find here. */
    @Override
    public Set<String> doGetExpired(long before) {
        return Set.of();
    }

    /** The store's time to live removes orphans. */
    @Override
    public void doCleanOrphans(long time) {
        // nothing: every stored session carries its time to live
    }

    /**
     * A request whose session id names another worker reached this node: if this node's cache holds the session,
     * one version-only read decides whether that copy is still the live one; a copy another node wrote since, or
     * that was ended elsewhere, is dropped from the cache so that Jetty loads the stored one (or finds none).
     *
     * @param id the route-less session id, untrusted
     */
    void checkMovedSession(String id) {
        StoreRuntime rt = runtime;
        if (rt == null || !SessionIds.isValidSessionId(id) || !rt.copies().holds(id)) {
            return;
        }
        Optional<StoredCopy> state = rt.copies().compare(id);
        if (state.isPresent() && (state.get() == StoredCopy.NEWER || state.get() == StoredCopy.ENDED)) {
            LOG.log(Level.INFO, "session [{0}] was written or ended by another node since this node held it;"
                    + " dropping this node's stale copy", SessionIds.logHint(id));
            dropLocalCopy(id);
        }
    }

    /** Removes a session from Jetty's cache only, leaving the store as it is. */
    private void dropLocalCopy(String id) {
        runtime.copies().forget(id);
        SessionContext context = _context;
        SessionCache cache = context == null ? null : context.getSessionManager().getSessionCache();
        if (cache == null) {
            return;
        }
        droppingLocally.add(id);
        try {
            cache.delete(id);
            runtime.counters().countStaleCopyDropped();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not drop the stale copy of session [" + SessionIds.logHint(id) + "]", e);
        } finally {
            droppingLocally.remove(id);
        }
    }

    @Override
    public String toString() {
        return String.format("%s@%x[store=%s]", getClass().getSimpleName(), hashCode(), runtime);
    }
}
