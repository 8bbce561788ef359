package dev.limpet.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The request the application sees behind {@link SessionSharingFilter}: {@code getSession} returns the
 * {@link SharedHttpSession} the filter found (or took over) for the requested id, or creates one and hands its
 * id to the client in the session cookie right away (so the cookie precedes any commit); the container's own
 * session management is never asked. {@code changeSessionId()} re-keys the session in the store.
 *
 * <p>Sticky mode: a concurrent request of this node may drop the copy this request was handed as stale (another
 * node wrote the session since) and reload it. {@code getSession} then hands out the reloaded copy — counted on
 * ({@link SharedHttpSession#beginRequest}) until {@link #endRequests}, so that another request's write decision
 * keeps the change flags this request is about to rely on — rather than a new session the user never names
 * again; and the end of the request learns of every copy whose change may be stored nowhere
 * ({@link #droppedCopyObtained}, {@link #replacedByNewSession}), to answer it as not stored (409), as Tomcat's
 * {@code LimpetSessionValve} does.
 *
 * <p>Not thread-safe beyond what the wrapped request promises (one request).
 */
final class SessionRequest extends HttpServletRequestWrapper {

    private final HttpServletResponse response;
    private final SessionRepository repository;
    private final SessionCookies cookies;
    private final String requestedId;
    private final SharedHttpSession found;
    private final boolean localOnly;
    private final List<SharedHttpSession> obtained = new ArrayList<>(2);
    private final List<SharedHttpSession> reloaded = new ArrayList<>(1);
    private SharedHttpSession current;
    private SharedHttpSession created;
    private SharedHttpSession abandoned;

    /**
     * @param request     the container's request
     * @param response    the response (for the session cookie)
     * @param repository  creates sessions
     * @param cookies     builds the session cookie
     * @param requestedId the id the client sent, or {@code null}
     * @param found       the live session for it, or {@code null}
     * @param localOnly   never read the store (a request the {@code requestUriIgnorePattern} matches)
     */
    SessionRequest(HttpServletRequest request, HttpServletResponse response, SessionRepository repository,
                   SessionCookies cookies, String requestedId, SharedHttpSession found, boolean localOnly) {
        super(request);
        this.localOnly = localOnly;
        this.response = response;
        this.repository = repository;
        this.cookies = cookies;
        this.requestedId = requestedId;
        this.found = found;
        this.current = found;
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (current != null && !current.live()) {
            current = current != created && current.backup().isConflicted() ? reload(current) : null;
        }
        if (current != null) {
            return obtain(current);
        }
        if (!create) {
            return null;
        }
        if (response.isCommitted()) {
            throw new IllegalStateException("Cannot create a session after the response has been committed");
        }
        current = repository.create();
        current.beginRequest(current.creationTimeMillis());
        created = current;
        response.addCookie(cookies.cookie(this, current.id()));
        return obtain(current);
    }

    /**
     * The copy of the requested session this request was handed has been dropped as stale by a concurrent request
     * of this node: the copy that replaced it, counted on; or {@code null} (remembered: the application's change
     * then goes to a new session, {@link #replacedByNewSession}).
     */
    private SharedHttpSession reload(SharedHttpSession dropped) {
        SharedHttpSession copy;
        try {
            copy = repository.reloaded(requestedId, localOnly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            copy = null;
        } catch (Exception e) {
            copy = null;
        }
        if (copy == null || !copy.live()) {
            abandoned = dropped;
            return null;
        }
        if (!containsSame(reloaded, copy) && copy != found) {
            copy.beginRequest(System.currentTimeMillis());
            reloaded.add(copy);
        }
        if (!copy.id().equals(dropped.id()) && !response.isCommitted()) {
            response.addCookie(cookies.cookie(this, copy.id()));
        }
        return copy;
    }

    private SharedHttpSession obtain(SharedHttpSession session) {
        session.accessed();
        if (!containsSame(obtained, session)) {
            obtained.add(session);
        }
        return session;
    }

    private static boolean containsSame(List<SharedHttpSession> sessions, SharedHttpSession session) {
        for (SharedHttpSession s : sessions) {
            if (s == session) {
                return true;
            }
        }
        return false;
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        if (current == null || !current.live()) {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }
        String newId = repository.changeId(current);
        response.addCookie(cookies.cookie(this, newId));
        return newId;
    }

    @Override
    public String getRequestedSessionId() {
        return requestedId;
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return found != null && found.live();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return requestedId != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    /** @return the session the request holds now (found or created), or {@code null}; no access counted */
    SharedHttpSession currentSession() {
        return current != null && current.live() ? current : null;
    }

    /** @return the session this request created, or {@code null} */
    SharedHttpSession created() {
        return created;
    }

    /**
     * @return a copy the application obtained during this request that has been dropped as stale since: what it
     *         changed there may be stored nowhere; or {@code null}
     */
    SharedHttpSession droppedCopyObtained() {
        for (SharedHttpSession copy : obtained) {
            if (copy.backup().isConflicted()) {
                return copy;
            }
        }
        return null;
    }

    /**
     * @return the dropped copy of the requested session, when no live copy could be had in its place and the
     *         application uses a session this request created instead (its change went to a session the user
     *         never names again); else {@code null}
     */
    SharedHttpSession replacedByNewSession() {
        return abandoned != null && created != null && currentSession() == created ? abandoned : null;
    }

    /** Ends this request on the sessions it created or was handed in place of a dropped copy (not the found one). */
    void endRequests() {
        if (created != null) {
            created.endRequest();
        }
        reloaded.forEach(SharedHttpSession::endRequest);
        reloaded.clear();
    }
}
