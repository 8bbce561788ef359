package dev.limpet.servlet;

import dev.limpet.sessions.BackupMode;
import dev.limpet.sessions.SharingCore;
import dev.limpet.sessions.StickyWrites;
import dev.limpet.sessions.WriteDecision;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * One request through {@link SessionSharingFilter}: the found session is counted on, the id re-issued if a
 * takeover changed it, the application runs behind the {@link SessionRequest} and (when writes must precede the
 * response: sticky {@code backupMode="sync"}, and non-sticky) a {@link CommitHookResponse}; then the session the
 * request used is written (sticky: {@code StickyWrites}; non-sticky: {@code NonStickyRules.save}) or, if only
 * found, its store expiry refreshed. A change that lost a version race is answered 409 while the response is
 * still uncommitted, as the Tomcat manager's valve does; a store that does not answer with
 * {@code failOnStoreError} 503. Not thread-safe (one request).
 */
final class RequestCycle {

    private final FilterRuntime runtime;
    private final SharingCore core;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final String requestedId;
    private final boolean writes;

    /**
     * @param writes {@code false} for a request the {@code requestUriIgnorePattern} matches: local only, no writes
     */
    RequestCycle(FilterRuntime runtime, HttpServletRequest request, HttpServletResponse response, String requestedId,
                 boolean writes) {
        this.runtime = runtime;
        this.core = runtime.core();
        this.request = request;
        this.response = response;
        this.requestedId = requestedId;
        this.writes = writes;
    }

    /**
     * @param chain the rest of the filter chain
     * @param found the live session for the requested id, or {@code null}
     */
    void run(FilterChain chain, SharedHttpSession found) throws IOException, ServletException {
        if (found != null) {
            found.beginRequest(System.currentTimeMillis());
            if (!found.id().equals(requestedId)) { // taken over: the id now names this node's route
                response.addCookie(runtime.cookies().cookie(request, found.id()));
            }
        }
        long sequence = found == null ? -1 : found.accessSequence();
        SessionRequest wrapped = new SessionRequest(request, response, runtime.repository(), runtime.cookies(),
                requestedId, found, !writes);
        boolean hook = writes && (!core.settings().sticky() || core.settings().backupMode() == BackupMode.SYNC);
        CommitHookResponse hooked = hook ? new CommitHookResponse(response,
                () -> beforeCommit(wrapped, found, sequence)) : null;
        try {
            try {
                chain.doFilter(wrapped, hooked != null ? hooked : response);
            } finally {
                if (hooked != null) {
                    hooked.disarm();
                }
            }
            if (writes) {
                afterRequest(wrapped, found, sequence);
            }
        } finally {
            if (found != null) {
                found.endRequest();
            }
            wrapped.endRequests();
        }
    }

    private void afterRequest(SessionRequest wrapped, SharedHttpSession found, long sequence) throws IOException {
        SharedHttpSession used = used(wrapped, found, sequence);
        if (used == null) {
            if (found != null && found.live() && core.settings().sticky()) {
                core.sticky().touchIfDue(found); // unused: still keep the store copy alive
            }
            return;
        }
        if (core.settings().sticky()) {
            if (core.sticky().afterRequest(used) == StickyWrites.Outcome.CONFLICT) {
                lostRace();
            }
            return;
        }
        switch (core.nonSticky().save(used, response.isCommitted())) {
            case CONFLICT -> lostRace();
            case UNAVAILABLE -> SessionSharingFilter.unavailable(response, "The session store is unavailable.");
            case PROCEED -> { }
        }
    }

    /**
     * The application is about to commit the response: the session it used is written now. A lost race cannot be
     * answered 409 any more; it is counted and logged, and the end of the request reports it if still possible.
     */
    private void beforeCommit(SessionRequest wrapped, SharedHttpSession found, long sequence) {
        SharedHttpSession used = wrapped.currentSession();
        if (used == null || (used == found && used.accessSequence() == sequence)) {
            return;
        }
        if (core.settings().sticky()) {
            core.sticky().afterRequest(used);
        } else {
            core.nonSticky().save(used, true);
        }
    }

    /**
     * @return the session the request used, or {@code null} (counted as not accessed when it only had one); a copy
     *         dropped as stale whose change may be stored nowhere, which the sticky write answers as not stored (409)
     */
    private SharedHttpSession used(SessionRequest wrapped, SharedHttpSession found, long sequence) {
        // first the current copy, then the dropped ones: a copy dropped as stale in between is no longer current
        // but is found dropped (conflicted before no longer live); one dropped later fails the sticky write
        SharedHttpSession now = wrapped.currentSession();
        SharedHttpSession dropped = wrapped.droppedCopyObtained();
        if (dropped != null) {
            return dropped;
        }
        SharedHttpSession replaced = response.isCommitted() ? null : wrapped.replacedByNewSession();
        if (replaced != null) {
            wrapped.created().end(false); // never stored; its cookie goes with the refused response
            return replaced;
        }
        if (found != null && now == found && found.accessSequence() == sequence) {
            runtime.counters().count(WriteDecision.SKIP_NOT_ACCESSED);
            return null;
        }
        return now;
    }

    private void lostRace() throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.sendError(HttpServletResponse.SC_CONFLICT,
                "The session was changed on another server meanwhile; please retry.");
    }
}
