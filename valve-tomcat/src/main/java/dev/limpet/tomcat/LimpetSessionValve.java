package dev.limpet.tomcat;

import dev.limpet.sessions.SharingSettings;
import dev.limpet.sessions.BackupMode;
import dev.limpet.sessions.StickyWrites;
import dev.limpet.sessions.WriteDecision;
import dev.limpet.servlet.CommitHookResponse;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * Sticky with {@code backupMode="sync"}: the session is written when the application has finished, before the
 * buffered response is sent, or — when the application streams — just before its first flush or buffer overflow
 * commits the response ({@link CommitHookResponse}, wrapped around the application's response); a version race
 * lost then is answered 409 if the response is not committed. Asynchronous requests are backed up when this
 * valve returns; later changes are caught at the next request.
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
        SharingSettings settings = manager.settings();
        if (request.getContext() == null || request.getContext().getManager() != manager) {
            getNext().invoke(request, response);
            return;
        }
        if (settings.ignorePattern() != null && settings.ignorePattern().matcher(request.getRequestURI()).matches()) {
            if (request.getRequestedSessionId() != null) {
                manager.counters().count(WriteDecision.SKIP_IGNORED_URI);
            }
            RequestScope.openLocalOnly(); // session look-ups (e.g. the BackendCookieValve's) stay local too
            try {
                getNext().invoke(request, response);
            } finally {
                RequestScope.close();
            }
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
        RequestScope.trackCopies();
        LimpetSession found = sessionAtStart(request, manager);
        if (found != null) {
            RequestScope.count(found);
        }
        long sequence = found == null ? -1 : found.accessSequence();
        CommitHookResponse hooked = null;
        HttpServletResponse original = null;
        if (manager.settings().backupMode() == BackupMode.SYNC) {
            original = response.getResponse();
            hooked = new CommitHookResponse(original, () -> backupBeforeCommit(request, found, sequence));
            response.setResponse(hooked);
        }
        try {
            try {
                getNext().invoke(request, response);
            } finally {
                if (hooked != null) {
                    hooked.disarm();
                    if (!request.isAsync()) {
                        response.setResponse(original);
                    }
                }
            }
            // A copy the application obtained and that was dropped as stale meanwhile: its change may be stored
            // nowhere, whichever copy Tomcat hands out now; the end of the request reports it (409, counted).
            // Looked for after the session used: one dropped in between is found here, one dropped later fails
            // the sticky write.
            LimpetSession current = sessionUsed(request, found, sequence, manager);
            LimpetSession dropped = RequestScope.droppedCopyObtained();
            LimpetSession used = dropped != null ? dropped : current;
            LimpetSession lost = dropped != null || used == null || response.isCommitted() ? null
                    : requestedCopyReplaced(used);
            if (lost != null) {
                used.expire(false); // never stored, and its cookie goes with the refused response
                used = lost;
            }
            if (used != null) {
                if (manager.sticky().afterRequest(used) == StickyWrites.Outcome.CONFLICT) {
                    lostRace(response);
                }
            } else if (found != null && found.live()) {
                manager.sticky().touchIfDue(found); // only the container read it: still keep the store copy alive
            }
        } finally {
            RequestScope.endRequests();
        }
    }

    /**
     * Tomcat gives the application a new session when the copy of the requested session it was handed is no
     * longer valid: a concurrent request of this node dropped it as stale (the store held a newer version) before
     * Tomcat checked it, and reloading it again ({@link LimpetSessionManager#createSession}) did not yield a live
     * copy either. What the application did then went to a session the user never names again: the request must
     * be refused like a lost race, not acknowledged.
     *
     * @param used the session the request used
     * @return the dropped copy of the requested session, if {@code used} is another session; else {@code null}
     */
    private LimpetSession requestedCopyReplaced(LimpetSession used) {
        LimpetSession handedOut = RequestScope.droppedHandedOut();
        if (handedOut == null || handedOut == used || !used.live() || !used.isNew()) {
            return null;
        }
        String requested = manager.backups().storeId(handedOut.getIdInternal());
        return requested.equals(manager.backups().storeId(used.getIdInternal())) ? null : handedOut;
    }

    /**
     * Synchronous mode, the application is about to commit a streamed response: the session it used is written
     * now ({@link CommitHookResponse}). A lost version race cannot be answered 409 any more (the application is
     * still writing); it is counted and logged, and the stale copy dropped, as always. The end of the request
     * writes again only what changed after this.
     */
    private void backupBeforeCommit(Request request, LimpetSession found, long sequenceAtStart) {
        try {
            Session session = request.getSessionInternal(false);
            if (session instanceof LimpetSession used && used.live()
                    && (used != found || used.accessSequence() != sequenceAtStart)) {
                manager.sticky().afterRequest(used);
            }
        } catch (RuntimeException e) {
            manager.log().warn("Backup before the response was committed failed; it is retried at the end of the"
                    + " request", e);
        }
    }

    /**
     * This node's copy lost a version race (another node wrote the session since): the change was not stored, so
     * the response must not acknowledge it. Answered 409 when still possible; the client may retry, and the
     * retry loads the stored session.
     */
    private static void lostRace(Response response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.sendError(HttpServletResponse.SC_CONFLICT,
                "The session was changed on another server meanwhile; please retry.");
    }

    /**
     * Finds (or takes over) the requested session and re-issues its id if it changed; the caller counts the
     * request on it ({@link RequestScope#count}).
     */
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
        return limpet;
    }

    /** @return the session the request used, or {@code null} (counted as not accessed when it had one) */
    static LimpetSession sessionUsed(Request request, LimpetSession found, long sequenceAtStart,
                                     LimpetSessionManager manager) {
        Session session = request.getSessionInternal(false);
        if (found != null && session != found && found.backup().isConflicted() && found.accessSequence() != sequenceAtStart) {
            // the request changed a copy that a concurrent request of this node dropped as stale meanwhile; Tomcat
            // now hands out the reloaded copy, which lacks the change: report the copy used, so the change is
            // answered as not stored (409) rather than acknowledged
            return found;
        }
        if (found != null && session == found && found.accessSequence() == sequenceAtStart) {
            manager.counters().count(WriteDecision.SKIP_NOT_ACCESSED);
            return null;
        }
        return session instanceof LimpetSession limpet && limpet.isValid() ? limpet : null;
    }
}
