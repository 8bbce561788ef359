package dev.limpet.tomcat;

import dev.limpet.sessions.SharingSettings;
import dev.limpet.core.store.SessionIds;
import dev.limpet.sessions.LocalSessionLock;
import dev.limpet.sessions.NonStickyRules;
import dev.limpet.sessions.StoreDownException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Session;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;

/**
 * One request of a non-sticky {@link LimpetSessionManager} (the store is the source of truth): lock this node's
 * copy, lock in the store ({@code lockingMode="all"}), load, run the application, save (versioned), unlock.
 *
 * <p>Requests of one session on one node run one after another ({@link LocalSessionLock}, as Tomcat's
 * {@code PersistentValve}); across nodes they run concurrently with optimistic versioning, or one after another
 * under the store lock. A request that waits longer than {@code lockTimeoutMillis} for either lock is answered
 * 503 with {@code Retry-After: 1} ({@code lockTimeoutAction="fail"}) or served without it ({@code "proceed"},
 * counted as a lock timeout). A save that lost the version race is answered 409 and nothing of the request is
 * kept, so the client may retry it as is. Not thread-safe (one request).
 */
final class NonStickyRequest {
    /** Local copies dropped between a request's lookup and its join before it gives up with a 503. */
    private static final int MAX_JOIN_ATTEMPTS = 16;

    private final LimpetSessionManager manager;
    private final Request request;
    private final Response response;
    private final SharingSettings settings;

    NonStickyRequest(LimpetSessionManager manager, Request request, Response response) {
        this.manager = manager;
        this.request = request;
        this.response = response;
        this.settings = manager.settings();
    }

    void invoke(Valve next) throws IOException, ServletException {
        String requested = request.getRequestedSessionId();
        String storeId = requested == null ? null : manager.backups().storeId(requested);
        if (storeId == null || !SessionIds.isValidSessionId(storeId)) {
            run(next);
            return;
        }
        NonStickyRules.Held held = manager.nonSticky().lock(storeId);
        if (held == null) {
            unavailable("The session is busy; retry.");
            return;
        }
        try (held) {
            run(next);
        }
    }

    private void run(Valve next) throws IOException, ServletException {
        LimpetSession found = null;
        try {
            found = load();
            long sequence = found == null ? -1 : found.accessSequence();
            next.invoke(request, response);
            LimpetSession used = LimpetSessionValve.sessionUsed(request, found, sequence, manager);
            if (used != null) {
                save(used);
            }
        } catch (StoreDownException e) {
            unavailable("The session store is unavailable.");
        } catch (SessionBusyRuntime e) {
            unavailable("The session is busy; retry.");
        } finally {
            if (found != null) {
                found.endRequest();
            }
        }
    }

    /**
     * The session for this request: a local copy no other request of this node uses is first brought up to
     * date with the store (under the copy's monitor, so a request joining meanwhile waits for the refresh and
     * never holds attributes the refresh replaces); a copy in use (only when a request proceeded without the
     * node-local lock) is shared; else loaded from the store. The request is counted only on a copy that is
     * still the manager's copy of the id ({@link LimpetSessionManager#joinLocalCopy}), so the application's
     * {@code getSession} gets the very copy counted here; a copy dropped meanwhile is looked up or loaded again.
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
            } catch (StoreDownException | IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        throw new SessionBusyRuntime();
    }

    private void save(LimpetSession session) throws IOException {
        try {
            switch (manager.nonSticky().save(session, response.isCommitted())) {
                case CONFLICT -> {
                    if (!response.isCommitted()) {
                        response.reset();
                        response.sendError(HttpServletResponse.SC_CONFLICT,
                                "The session was changed by a concurrent request; please retry.");
                    }
                }
                case UNAVAILABLE -> unavailable("The session store is unavailable.");
                case PROCEED -> { }
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

    /** The request could not join a local copy of its session: other requests kept dropping it (answered 503). */
    private static final class SessionBusyRuntime extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SessionBusyRuntime() {
            super("the session's local copy was dropped under every join attempt", null, false, false);
        }
    }
}
