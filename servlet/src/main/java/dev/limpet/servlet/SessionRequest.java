package dev.limpet.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The request the application sees behind {@link SessionSharingFilter}: {@code getSession} returns the
 * {@link SharedHttpSession} the filter found (or took over) for the requested id, or creates one and hands its
 * id to the client in the session cookie right away (so the cookie precedes any commit); the container's own
 * session management is never asked. {@code changeSessionId()} re-keys the session in the store.
 *
 * <p>Not thread-safe beyond what the wrapped request promises (one request).
 */
final class SessionRequest extends HttpServletRequestWrapper {

    private final HttpServletResponse response;
    private final SessionRepository repository;
    private final SessionCookies cookies;
    private final String requestedId;
    private final SharedHttpSession found;
    private SharedHttpSession current;
    private SharedHttpSession created;

    /**
     * @param request     the container's request
     * @param response    the response (for the session cookie)
     * @param repository  creates sessions
     * @param cookies     builds the session cookie
     * @param requestedId the id the client sent, or {@code null}
     * @param found       the live session for it, or {@code null}
     */
    SessionRequest(HttpServletRequest request, HttpServletResponse response, SessionRepository repository,
                   SessionCookies cookies, String requestedId, SharedHttpSession found) {
        super(request);
        this.response = response;
        this.repository = repository;
        this.cookies = cookies;
        this.requestedId = requestedId;
        this.found = found;
        this.current = found;
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (current != null && current.live()) {
            current.accessed();
            return current;
        }
        current = null;
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
        current.accessed();
        return current;
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
}
