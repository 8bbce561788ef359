package dev.limpet.tomcat;

import dev.limpet.core.store.SessionIds;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.sessions.WriteDecision;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * The request boundary of {@link LimpetSessionManager}, added by the manager to its Host's pipeline (so it runs
 * before the Context's valves) and acting only on requests of that manager's Context; not configured by hand. Per request: <em>extract</em> (ignore pattern, requested id) → <em>decide</em> (find or
 * take over the session; non-sticky: lock, load) → run the application → <em>apply</em> (write avoidance and
 * backup or versioned save) → <em>restore</em> (unlock, forget the request's store misses).
 *
 * <p>Takeover before commit: when the session found for the requested id has another id (the id named another
 * route), {@code Request.changeSessionId} re-issues the {@code JSESSIONID} cookie before the application runs;
 * a {@link BackendCookieValve} in the same pipeline sees the taken-over session and signs a new
 * {@code X-Backend} token for this route (the presented one names the old route), so the router re-pins.
 *
 * <p>Errors never become a 500: an unreadable or unreachable stored session gives a fresh session; in
 * non-sticky mode a lost version race answers 409 and a store failure with {@code failOnStoreError} 503 (with
 * {@code Retry-After: 1}) when the response is not committed yet, and is counted and logged either way.
 * Asynchronous requests are backed up when this valve returns; later changes are caught at the next request.
 * Thread-safe.
 */
final class LimpetSessionValve extends ValveBase {

    private final LimpetSessionManager manager;

    LimpetSessionValve(LimpetSessionManager manager) {
        super(true);
        this.manager = manager;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        ManagerSettings settings = manager.settings();
        if (request.getContext() == null || request.getContext().getManager() != manager) {
            getNext().invoke(request, response);
            return;
        }
        if (settings.ignorePattern() != null && settings.ignorePattern().matcher(request.getRequestURI()).matches()) {
            if (request.getRequestedSessionId() != null) {
                manager.counters().count(WriteDecision.SKIP_IGNORED_URI);
            }
            getNext().invoke(request, response);
            return;
        }
        RequestScope.open();
        try {
            if (settings.sticky()) {
                invokeSticky(request, response);
            } else {
                new NonStickyRequest(manager, request, response).invoke(getNext());
            }
        } finally {
            RequestScope.close();
        }
    }

    private void invokeSticky(Request request, Response response) throws IOException, ServletException {
        LimpetSession found = sessionAtStart(request, manager);
        long sequence = found == null ? -1 : found.accessSequence();
        try {
            getNext().invoke(request, response);
            LimpetSession used = sessionUsed(request, found, sequence, manager);
            if (used != null) {
                manager.backups().backupAfterRequest(used);
            }
        } finally {
            if (found != null) {
                found.endRequest();
            }
        }
    }

    /** Finds (or takes over) the requested session and re-issues its id if it changed. */
    static LimpetSession sessionAtStart(Request request, LimpetSessionManager manager) throws IOException {
        String requested = request.getRequestedSessionId();
        if (requested == null) {
            return null;
        }
        Session session = manager.findSession(requested);
        if (!(session instanceof LimpetSession limpet) || !limpet.isValid()) {
            return null;
        }
        if (!limpet.getIdInternal().equals(requested)) {
            request.changeSessionId(limpet.getIdInternal());
        }
        limpet.beginRequest();
        return limpet;
    }

    /** @return the session the request used, or {@code null} (counted as not accessed when it had one) */
    static LimpetSession sessionUsed(Request request, LimpetSession found, long sequenceAtStart,
                                     LimpetSessionManager manager) {
        Session session = request.getSessionInternal(false);
        if (found != null && session == found && found.accessSequence() == sequenceAtStart) {
            manager.counters().count(WriteDecision.SKIP_NOT_ACCESSED);
            return null;
        }
        return session instanceof LimpetSession limpet && limpet.isValid() ? limpet : null;
    }

    /** One non-sticky request: lock, load, run, save, unlock. Not thread-safe (one request). */
    private static final class NonStickyRequest {
        /** Local copies dropped between a request's lookup and its join before it gives up with a 503. */
        private static final int MAX_JOIN_ATTEMPTS = 16;

        private final LimpetSessionManager manager;
        private final Request request;
        private final Response response;
        private final ManagerSettings settings;

        NonStickyRequest(LimpetSessionManager manager, Request request, Response response) {
            this.manager = manager;
            this.request = request;
            this.response = response;
            this.settings = manager.settings();
        }

        void invoke(org.apache.catalina.Valve next) throws IOException, ServletException {
            Optional<String> lockId = lock();
            if (lockId == null) {
                return;
            }
            LimpetSession found = null;
            try {
                found = load();
                long sequence = found == null ? -1 : found.accessSequence();
                next.invoke(request, response);
                LimpetSession used = sessionUsed(request, found, sequence, manager);
                if (used != null) {
                    save(used);
                }
            } catch (SessionLoader.StoreUnavailableRuntime e) {
                unavailable("The session store is unavailable.");
            } catch (SessionBusyRuntime e) {
                unavailable("The session is busy; retry.");
            } finally {
                if (found != null) {
                    found.endRequest();
                }
                lockId.ifPresent(this::unlock);
            }
        }

        /**
         * @return the lock id, empty when not locking (or proceeding unlocked), {@code null} when the request was
         *         answered 503 ({@code lockTimeoutAction="fail"}); a store error counts as a timeout
         */
        private Optional<String> lock() throws IOException {
            String requested = request.getRequestedSessionId();
            if (!settings.lockAll() || requested == null) {
                return Optional.empty();
            }
            String storeId = manager.backups().storeId(requested);
            if (!SessionIds.isValidSessionId(storeId)) {
                return Optional.empty();
            }
            try {
                Optional<String> lockId = manager.lock().acquire(storeId, settings.lockTimeoutMillis());
                if (lockId.isPresent()) {
                    return lockId;
                }
            } catch (StoreUnavailableException e) {
                manager.counters().countStoreError();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            manager.counters().countLockTimeout();
            manager.log().warn("Session [" + SessionIds.logHint(storeId) + "] lock not obtained within ["
                    + settings.lockTimeoutMillis() + "] ms" + (settings.failOnLockTimeout() ? "; answering 503" : "; proceeding unlocked"));
            if (settings.failOnLockTimeout()) {
                unavailable("The session is busy; retry.");
                return null;
            }
            return Optional.empty();
        }

        private void unlock(String lockId) {
            try {
                manager.lock().release(lockId);
            } catch (StoreUnavailableException e) {
                manager.counters().countStoreError();
            }
        }

        /**
         * The session for this request: a local copy no other request of this node uses is first brought up to
         * date with the store (under the copy's monitor, so a request joining meanwhile waits for the refresh and
         * never holds attributes the refresh replaces); a copy in use is shared; else loaded from the store. The
         * request is counted only on a copy that is still the manager's copy of the id
         * ({@link LimpetSessionManager#joinLocalCopy}), so the application's {@code getSession} gets the very
         * copy counted here; a copy dropped meanwhile is looked up or loaded again.
         */
        private LimpetSession load() throws IOException {
            String requested = request.getRequestedSessionId();
            if (requested == null) {
                return null;
            }
            for (int attempt = 0; attempt < MAX_JOIN_ATTEMPTS; attempt++) {
                Session local = manager.findLocal(requested);
                if (local instanceof LimpetSession limpet) {
                    limpet.announceJoin(); // a save holding the monitor now does not drop the copy on return
                    synchronized (limpet) {
                        if (!manager.joinLocalCopy(limpet)) {
                            continue;
                        }
                        boolean refreshed = false;
                        try {
                            refreshed = limpet.activeRequests() > 1
                                    || manager.loader().refresh(limpet, settings.failOnStoreError()) != null;
                        } finally {
                            if (!refreshed || !limpet.isValid()) { // also when the refresh threw: no count leaks
                                limpet.endRequest();
                            }
                        }
                        if (!refreshed) {
                            return null;
                        }
                        if (limpet.isValid()) {
                            return limpet;
                        }
                    }
                }
                try {
                    Session session = manager.loader().find(requested, settings.failOnStoreError());
                    if (!(session instanceof LimpetSession limpet) || !limpet.isValid()) {
                        return null;
                    }
                    limpet.announceJoin();
                    if (manager.joinLocalCopy(limpet)) {
                        return limpet;
                    }
                } catch (SessionLoader.StoreUnavailableRuntime | IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
            throw new SessionBusyRuntime();
        }

        private void save(LimpetSession session) throws IOException {
            try {
                manager.backups().saveAfterRequest(session);
            } catch (VersionConflictException e) {
                manager.counters().countConflict();
                manager.log().warn("Session [" + SessionIds.logHint(session.getIdInternal()) + "] was changed by"
                        + " another request meanwhile; this request's changes were not saved"
                        + (response.isCommitted() ? " (response already committed)" : "; answering 409"));
                if (!response.isCommitted()) {
                    response.reset();
                    response.sendError(HttpServletResponse.SC_CONFLICT,
                            "The session was changed by a concurrent request; please retry.");
                }
            } catch (StoreUnavailableException e) {
                manager.counters().countStoreError();
                manager.log().warn("Session [" + SessionIds.logHint(session.getIdInternal()) + "] not saved, the"
                        + " store is unavailable: " + e.getMessage());
                if (settings.failOnStoreError()) {
                    unavailable("The session store is unavailable.");
                }
            } finally {
                manager.dropIdleCopy(session);
            }
        }

        private void unavailable(String message) throws IOException {
            if (response.isCommitted()) {
                return;
            }
            response.reset();
            response.setHeader("Retry-After", "1");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, message);
        }
    }

    /** The request could not join a local copy of its session: other requests kept dropping it (answered 503). */
    private static final class SessionBusyRuntime extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionBusyRuntime() {
            super("the session's local copy was dropped under every join attempt", null, false, false);
        }
    }
}
