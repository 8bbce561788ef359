package dev.limpet.tomcat;

import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.route.SessionIdParts;
import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.StoredSession;
import dev.limpet.core.store.UnreadableSessionException;
import dev.limpet.sessions.CircuitBreaker;
import dev.limpet.sessions.StoreDownException;
import dev.limpet.sessions.StoreReads;
import dev.limpet.sessions.StickyWrites;
import dev.limpet.sessions.SessionCounters;
import dev.limpet.sessions.SharingCore;
import dev.limpet.sessions.TakeoverGate;
import java.io.IOException;
import java.util.Optional;
import org.apache.catalina.Session;
import org.apache.juli.logging.Log;

/**
 * Loads sessions from the store into the manager: the <b>takeover</b> of a session whose id names another
 * route or is unknown here (sticky), and the per-request load of non-sticky mode.
 *
 * <p>Takeover: the requested id {@code base.oldRoute} becomes {@code base.localRoute} (same route-less id, so
 * the store key does not change and nothing is re-keyed); one store read per id however many requests race
 * ({@link TakeoverGate}), all of them get the same session object. The stored state is verified (MAC) before
 * it is deserialized; an unreadable, absent or unreachable entry yields {@code null} (the application gets a
 * fresh session), counted. Loaded attributes are restored without binding or attribute events, then
 * {@code sessionDidActivate} fires, as with StandardManager's reload. A sticky takeover then claims the session
 * ({@link StickyWrites#claim}).
 *
 * <p>One live copy: when a request whose id names another route finds a local copy here (the user moved back,
 * a retry, a second router), one version-only read decides ({@link dev.limpet.sessions.StoredCopy}): the same version → the copy
 * is used; newer → the copy is dropped and the stored session loaded; a tombstone → no session; absent → the
 * copy is used and written again. A request naming this node's own route costs no store operation.
 * Thread-safe.
 */
final class SessionLoader {

    private final LimpetSessionManager manager;
    private final SessionStore store;
    private final CircuitBreaker breaker;
    private final SessionCounters counters;
    private final RouteCodec routeCodec;
    private final String jvmRoute;
    private final boolean reissueWithLocalRoute;
    private final Log log;
    private final StoreReads reads;
    private final TakeoverGate<Session> gate = new TakeoverGate<>();
    private final StickyWrites sticky;

    SessionLoader(LimpetSessionManager manager, SharingCore core, RouteCodec routeCodec, String jvmRoute, Log log) {
        this.manager = manager;
        this.sticky = core.sticky();
        this.store = core.store();
        this.breaker = core.breaker();
        this.counters = manager.counters();
        this.routeCodec = routeCodec;
        this.jvmRoute = jvmRoute == null ? "" : jvmRoute;
        this.reissueWithLocalRoute = core.settings().sticky();
        this.log = log;
        this.reads = core.reads();
    }

    /**
     * @param requestedId the requested session id (untrusted)
     * @param strict      {@code true}: an unavailable store throws {@link StoreDownException} instead of
     *                    yielding {@code null} (non-sticky with {@code failOnStoreError})
     * @return the local session for it (possibly just loaded, under the local id), or {@code null}
     * @throws Exception only for interruption or unexpected failures of the loading thread
     */
    Session find(String requestedId, boolean strict) throws Exception {
        Optional<SessionIdParts> parts = routeCodec.parse(requestedId);
        if (parts.isEmpty() || !SessionIds.isValidSessionId(parts.get().id())) {
            return null;
        }
        String storeId = parts.get().id();
        String localId = localId(requestedId, storeId);
        Session local = manager.findLocal(localId);
        if (RequestScope.localOnly()) {
            return local;
        }
        if (local instanceof LimpetSession copy && movedHere(parts.get()) && RequestScope.firstCheck(storeId)) {
            local = checkCopy(copy, storeId);
        }
        if (local != null || RequestScope.knownMissing(storeId)) {
            return local;
        }
        return gate.once(storeId, () -> load(storeId, localId, parts.get().route().orElse(""), strict));
    }

    /**
     * {@link #find} for the container ({@link LimpetSessionManager#findSession}): not strict, and failures as
     * Tomcat's {@code Manager.findSession} declares them.
     *
     * @param requestedId the requested session id (untrusted)
     * @return the local session for it (possibly just loaded), or {@code null}
     * @throws IOException if interrupted (the interrupt flag is set again) or the loading thread failed
     */
    Session findForContainer(String requestedId) throws IOException {
        try {
            return find(requestedId, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading a session", e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /**
     * Tomcat creates a new session when the copy the manager just handed it for the requested id is no longer
     * valid. In sticky mode that happens when a concurrent request of this node dropped the copy as stale in
     * between (the store held a newer version); the application's change would then go to a session the user
     * never names again, acknowledged and lost. Such a request gets the reloaded copy instead, looked up again
     * through the manager (at most three times, should the reloaded copy be dropped in turn).
     *
     * @return the reloaded live copy of the session the current request was handed, or {@code null} when the
     *         caller is no such request or none could be had (then a new session is in order)
     */
    Session reloadDropped() {
        for (int attempt = 0; attempt < 3; attempt++) {
            String requested = RequestScope.droppedLookup();
            if (requested == null) {
                return null;
            }
            try {
                Session reloaded = manager.findSession(requested);
                if (reloaded != null && reloaded.isValid()) {
                    return reloaded;
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** @return whether the requested id names another route while this node is sticky (a move, or a move back) */
    private boolean movedHere(SessionIdParts parts) {
        return reissueWithLocalRoute && parts.route().isPresent() && !parts.route().get().equals(jvmRoute);
    }

    /** @return the copy to use, or {@code null} when it was dropped (stale: the caller loads; ended: none) */
    private Session checkCopy(LimpetSession copy, String storeId) {
        return switch (reads.checkCopy(copy, storeId)) {
            case USE -> copy;
            case ENDED -> {
                RequestScope.missing(storeId);
                yield null;
            }
            case RELOAD -> null;
        };
    }

    private String localId(String requestedId, String storeId) {
        return reissueWithLocalRoute && RouteCodec.isValidRoute(jvmRoute) ? routeCodec.withRoute(storeId, jvmRoute)
                : requestedId;
    }

    private Session load(String storeId, String localId, String requestedRoute, boolean strict) {
        Session raced = manager.findLocal(localId);
        if (raced != null) {
            return raced;
        }
        Optional<StoredSession> stored = read(storeId, strict);
        if (stored.isEmpty()) {
            RequestScope.missing(storeId);
            return null;
        }
        LimpetSession session = install(stored.get(), localId);
        if (!reissueWithLocalRoute) {
            return session;
        }
        session = claim(session, storeId, localId, stored.get().version());
        if (session == null) {
            return null;
        }
        counters.countTakeover();
        if (log.isInfoEnabled()) {
            log.info("Took over session [" + SessionIds.logHint(storeId) + "] last saved by route ["
                    + stored.get().metadata().lastRoute() + "], requested for route [" + requestedRoute
                    + "]; it continues here as route [" + jvmRoute + "]");
        }
        return session;
    }

    /**
     * Claims a taken-over session ({@link StickyWrites#claim}); if another node took it over at the same moment
     * and claimed first, this node's copy is replaced by a fresh load of the winner's.
     *
     * @return the session to use, or {@code null} if it is gone meanwhile
     */
    private LimpetSession claim(LimpetSession session, String storeId, String localId, long loadedVersion) {
        try {
            sticky.claim(session, loadedVersion);
            return session;
        } catch (dev.limpet.core.store.VersionConflictException e) {
            counters.countConflict();
            sticky.dropStale(session);
            Optional<StoredSession> again = read(storeId, false);
            if (again.isEmpty()) {
                RequestScope.missing(storeId);
                return null;
            }
            log.info("Session [" + SessionIds.logHint(storeId) + "] was taken over by another node at the same time;"
                    + " reloaded its state");
            return install(again.get(), localId);
        }
    }

    private Optional<StoredSession> read(String storeId, boolean strict) {
        return reads.read(storeId, strict);
    }

    private LimpetSession install(StoredSession stored, String localId) {
        LimpetSession session = (LimpetSession) manager.createEmptySession();
        session.setNew(false);
        session.setValid(true);
        session.setMaxInactiveInterval(stored.metadata().maxInactiveSeconds());
        long now = System.currentTimeMillis();
        session.restoreTimes(stored.metadata().creationTimeMillis(), now);
        SessionAuthentication.restore(session, stored.attributes(), session::restoreAttribute);
        session.setId(localId, false);
        session.backup().loaded(stored.attributesHash(), stored.version(), now);
        session.activate();
        return session;
    }

    /**
     * Non-sticky: brings an idle local copy up to date with the store (the store is the source of truth).
     * A copy another request of this node is using is left alone (one session object per id per JVM).
     *
     * @param session the local copy
     * @param strict  {@code true}: an unavailable store throws {@link StoreDownException}; else the local
     *                copy is used as it is
     * @return the session to use, or {@code null} if the store no longer has it (the copy is dropped quietly)
     */
    LimpetSession refresh(LimpetSession session, boolean strict) {
        String storeId = routeCodec.parse(session.getIdInternal()).map(SessionIdParts::id).orElse(session.getIdInternal());
        if (!breaker.allowCall()) {
            return unavailable(session, strict, new StoreUnavailableException("circuit breaker open"));
        }
        try {
            Optional<StoredSession> stored = store.load(storeId);
            breaker.recordSuccess();
            if (stored.isEmpty()) {
                RequestScope.missing(storeId);
                session.expire(false);
                return null;
            }
            if (stored.get().version() != session.backup().storedVersion()) {
                session.clearAttributesQuietly();
                SessionAuthentication.restore(session, stored.get().attributes(), session::restoreAttribute);
                session.backup().loaded(stored.get().attributesHash(), stored.get().version(), System.currentTimeMillis());
            }
            return session;
        } catch (UnreadableSessionException e) {
            counters.countUnreadable();
            RequestScope.missing(storeId);
            session.expire(false);
            return null;
        } catch (StoreUnavailableException e) {
            breaker.recordFailure();
            return unavailable(session, strict, e);
        }
    }

    private LimpetSession unavailable(LimpetSession session, boolean strict, StoreUnavailableException e) {
        counters.countStoreError();
        if (strict) {
            throw new StoreDownException(e);
        }
        return session;
    }
}
