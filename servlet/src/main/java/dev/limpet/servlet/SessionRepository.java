package dev.limpet.servlet;

import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.route.SessionIdParts;
import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.StoredSession;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.sessions.SessionCounters;
import dev.limpet.sessions.SharingCore;
import dev.limpet.sessions.TakeoverGate;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of one web application on this node, for {@link SessionSharingFilter}: this node's copies (sticky
 * mode), found, taken over from the store, created, re-keyed and ended, with the rules of Tomcat's
 * {@code LimpetSessionManager} (docs/architecture.md §4):
 * <ul>
 * <li><b>Takeover</b>: a requested id {@code base.otherRoute} (or one unknown here) is loaded from the store —
 *     one read per id however many requests race ({@link TakeoverGate}), verified (MAC) before it is
 *     deserialized — and continues as {@code base.localRoute} (Tomcat's {@code jvmRoute} format, so the router
 *     pins it here); the loaded state is written back conditional on the loaded version (the claim), so every
 *     other copy becomes stale. Absent, unreadable or unreachable → no session (the application gets a fresh
 *     one), counted.</li>
 * <li><b>One live copy</b>: a request naming another route that finds a copy here checks the stored version
 *     first ({@code StoreReads.checkCopy}): stale → reloaded, ended elsewhere → none.</li>
 * <li><b>End</b>: {@code invalidate()} and idle expiry leave a tombstone ({@code Tombstones}).</li>
 * </ul>
 * Copies are keyed by store id (the id without route). Thread-safe.
 */
final class SessionRepository implements SharedHttpSession.Owner {

    private final SharingCore core;
    private final SessionCounters counters;
    private final String route;
    private final SessionCookies cookies;
    private final ServletContext context;
    private final System.Logger log;
    private final RouteCodec routeCodec = RouteCodec.tomcatDefault();
    private final Map<String, SharedHttpSession> local = new ConcurrentHashMap<>();
    private final TakeoverGate<SharedHttpSession> gate = new TakeoverGate<>();

    SessionRepository(SharingCore core, SessionCounters counters, String route, SessionCookies cookies,
                      ServletContext context, System.Logger log) {
        this.core = core;
        this.counters = counters;
        this.route = route;
        this.cookies = cookies;
        this.context = context;
        this.log = log;
    }

    /** @return the store id of a requested id (untrusted), or empty if it is not a valid session id */
    Optional<String> storeId(String requestedId) {
        return routeCodec.parse(requestedId).map(SessionIdParts::id).filter(SessionIds::isValidSessionId);
    }

    /**
     * Sticky mode: the session a request names — this node's copy, or taken over from the store.
     *
     * @param requestedId the requested id (untrusted)
     * @param localOnly   never read the store (a request the {@code requestUriIgnorePattern} matches)
     * @return the live session, or {@code null}
     * @throws Exception only for interruption or unexpected failures of a loading thread
     */
    SharedHttpSession find(String requestedId, boolean localOnly) throws Exception {
        Optional<SessionIdParts> parts = routeCodec.parse(requestedId);
        if (parts.isEmpty() || !SessionIds.isValidSessionId(parts.get().id())) {
            return null;
        }
        String storeId = parts.get().id();
        SharedHttpSession copy = liveCopy(storeId);
        if (localOnly) {
            return copy;
        }
        if (copy != null && !parts.get().route().orElse(route).equals(route)) {
            switch (core.reads().checkCopy(copy, storeId)) {
                case USE -> {
                    return copy;
                }
                case ENDED -> {
                    local.remove(storeId, copy);
                    return null;
                }
                case RELOAD -> {
                    local.remove(storeId, copy);
                    copy = null;
                }
            }
        }
        if (copy != null) {
            return copy;
        }
        return gate.once(storeId, () -> takeOver(storeId, parts.get().route().orElse("")));
    }

    /**
     * Sticky mode: the copy that replaces the one a request was handed for its requested id, after a concurrent
     * request of this node dropped that one as stale — this node's live copy (just reloaded: its version is not
     * read again), else taken over from the store (joining a takeover in progress). Non-sticky mode never drops a
     * request's copy under it: {@code null}.
     *
     * @param requestedId the requested id (untrusted)
     * @param localOnly   never read the store (a request the {@code requestUriIgnorePattern} matches)
     * @return the live session, or {@code null} (it ended, or could not be loaded)
     * @throws Exception only for interruption or unexpected failures of a loading thread
     */
    SharedHttpSession reloaded(String requestedId, boolean localOnly) throws Exception {
        Optional<String> storeId = storeId(requestedId);
        if (storeId.isEmpty() || !core.settings().sticky()) {
            return null;
        }
        SharedHttpSession copy = liveCopy(storeId.get());
        if (copy != null || localOnly) {
            return copy;
        }
        String requestedRoute = routeCodec.parse(requestedId).flatMap(SessionIdParts::route).orElse("");
        return gate.once(storeId.get(), () -> takeOver(storeId.get(), requestedRoute));
    }

    private SharedHttpSession liveCopy(String storeId) {
        SharedHttpSession copy = local.get(storeId);
        if (copy != null && !copy.live()) {
            local.remove(storeId, copy);
            return null;
        }
        return copy;
    }

    private SharedHttpSession takeOver(String storeId, String requestedRoute) {
        SharedHttpSession raced = liveCopy(storeId);
        if (raced != null) {
            return raced;
        }
        Optional<StoredSession> stored = core.reads().read(storeId, false);
        if (stored.isEmpty()) {
            return null;
        }
        SharedHttpSession session = install(stored.get(), localId(storeId));
        try {
            core.sticky().claim(session, stored.get().version());
        } catch (VersionConflictException e) {
            counters.countConflict();
            core.sticky().dropStale(session);
            Optional<StoredSession> again = core.reads().read(storeId, false);
            if (again.isEmpty()) {
                return null;
            }
            session = install(again.get(), localId(storeId));
        }
        local.put(storeId, session);
        counters.countTakeover();
        log.log(System.Logger.Level.INFO, "Took over session [" + SessionIds.logHint(storeId) + "] last saved by"
                + " route [" + stored.get().metadata().lastRoute() + "], requested for route [" + requestedRoute
                + "]; it continues here as route [" + route + "]");
        return session;
    }

    /**
     * Non-sticky mode: the stored session, loaded for this request only (the store is the source of truth).
     *
     * @param requestedId the requested id (untrusted)
     * @param strict      {@code failOnStoreError}: an unreachable store throws instead of yielding {@code null}
     * @return the session, or {@code null}
     * @throws dev.limpet.sessions.StoreDownException if strict and the store did not answer
     */
    SharedHttpSession load(String requestedId, boolean strict) {
        Optional<String> storeId = storeId(requestedId);
        if (storeId.isEmpty()) {
            return null;
        }
        return core.reads().read(storeId.get(), strict).map(stored -> install(stored, requestedId)).orElse(null);
    }

    private SharedHttpSession install(StoredSession stored, String id) {
        long now = System.currentTimeMillis();
        SharedHttpSession session = new SharedHttpSession(id, stored.metadata().creationTimeMillis(),
                stored.metadata().maxInactiveSeconds(), false, context, this);
        stored.attributes().forEach(session::restoreAttribute);
        session.backup().loaded(stored.attributesHash(), stored.version(), now);
        return session;
    }

    /** @return a new session under this node's route, kept here in sticky mode */
    SharedHttpSession create() {
        String storeId = cookies.newBaseId();
        SharedHttpSession session = new SharedHttpSession(localId(storeId), System.currentTimeMillis(),
                context.getSessionTimeout() * 60, true, context, this);
        if (core.settings().sticky()) {
            local.put(storeId, session);
        }
        return session;
    }

    /**
     * {@code changeSessionId()}: a new id, the old store entry deleted (the next write stores the new one).
     *
     * @return the new id
     */
    String changeId(SharedHttpSession session) {
        String oldId = session.id();
        String oldStoreId = core.backups().storeId(oldId);
        String newStoreId = cookies.newBaseId();
        session.changeId(localId(newStoreId));
        if (core.settings().sticky() && local.remove(oldStoreId, session)) {
            local.put(newStoreId, session);
        }
        core.backups().delete(oldId, !core.settings().sticky());
        return session.id();
    }

    private String localId(String storeId) {
        return routeCodec.withRoute(storeId, route);
    }

    @Override
    public void ended(SharedHttpSession session, boolean explicit) {
        local.remove(core.backups().storeId(session.id()), session);
        core.tombstones().ended(session, explicit);
    }

    /** Ends the copies whose idle timeout passed (their store entries get conditional tombstones). */
    void expireIdle() {
        long now = System.currentTimeMillis();
        for (SharedHttpSession session : local.values()) {
            if (session.idleTimedOut(now)) {
                session.end(false);
            }
        }
    }

    /** @return how many copies this node holds */
    int size() {
        return local.size();
    }
}
