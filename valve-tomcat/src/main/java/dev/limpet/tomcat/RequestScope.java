package dev.limpet.tomcat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the manager remembers for the duration of one request on the thread that runs it: the route-less ids
 * the store was asked for and did not have (absent, unreadable or unavailable). Tomcat looks a requested
 * session id up several times per request ({@code Request.getSessionInternal}, {@code isRequestedSessionIdValid},
 * {@code getSession(true)} before creating); this keeps that to one store read. Opened and closed by
 * {@link LimpetSessionValve}; outside a request (or on another thread of an asynchronous request) nothing is
 * remembered and each lookup may read the store. Also: which ids' local copies were already checked against the
 * store, and whether the request's URI is ignored (then no lookup reaches the store).
 *
 * <p>Sticky requests also track the session copies they use ({@link #trackCopies}): the copy found at the start and
 * every copy the application obtains ({@code getSession}) are counted as in use ({@link LimpetSession#beginRequest})
 * until {@link #endRequests}. The application may get another copy than the one found at the start — a concurrent
 * request of this node dropped that one as stale, and Tomcat then hands out the reloaded copy — and may see that copy
 * dropped in turn; so the end of the request must know every copy the application changed, and each of them must
 * count this request while it runs (write avoidance keeps a copy's change flag while another request uses it).
 * Not shared between threads.
 */
final class RequestScope {

    private static final ThreadLocal<Set<String>> MISSING = new ThreadLocal<>();
    private static final ThreadLocal<Set<String>> CHECKED = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> LOCAL_ONLY = new ThreadLocal<>();
    private static final ThreadLocal<Copies> COPIES = new ThreadLocal<>();

    /** The copies one sticky request is counted on, and those the application obtained. */
    private static final class Copies {
        private final List<LimpetSession> counted = new ArrayList<>(2);
        private final List<LimpetSession> obtained = new ArrayList<>(2);
        private boolean paused;
        private String lookedUpId;
        private LimpetSession handedOut;
    }

    private RequestScope() {
    }

    /** Starts remembering for the current thread's request. */
    static void open() {
        MISSING.set(new HashSet<>(2));
        CHECKED.set(new HashSet<>(2));
    }

    /** Marks the current thread's request as one that must not reach the store ({@code requestUriIgnorePattern}). */
    static void openLocalOnly() {
        LOCAL_ONLY.set(Boolean.TRUE);
    }

    /** Forgets everything (end of the request; call {@link #endRequests} first when copies were tracked). */
    static void close() {
        MISSING.remove();
        CHECKED.remove();
        LOCAL_ONLY.remove();
        COPIES.remove();
    }

    /** Sticky: starts tracking the session copies the current thread's request uses (see the class comment). */
    static void trackCopies() {
        COPIES.set(new Copies());
    }

    /**
     * Counts the current request on a copy ({@link LimpetSession#beginRequest}), once per copy and request.
     * Without tracking (non-sticky, outside a request, another thread) nothing happens.
     *
     * @param copy a copy the request uses
     */
    static void count(LimpetSession copy) {
        Copies copies = COPIES.get();
        if (copies != null && !containsSame(copies.counted, copy)) {
            copies.counted.add(copy);
            copy.beginRequest();
        }
    }

    /**
     * The application obtained this copy ({@code getSession}): it may change it. Counted as {@link #count} does.
     *
     * @param copy the copy whose {@code HttpSession} was handed out
     */
    static void obtained(LimpetSession copy) {
        Copies copies = COPIES.get();
        if (copies == null || copies.paused) {
            return;
        }
        if (!containsSame(copies.obtained, copy)) {
            copies.obtained.add(copy);
        }
        count(copy);
    }

    /**
     * Runs container work that hands the session to listeners (activation after a load) without recording it as
     * obtained by the application.
     *
     * @param work the work, run on the current thread
     */
    static void notObtaining(Runnable work) {
        Copies copies = COPIES.get();
        if (copies == null || copies.paused) {
            work.run();
            return;
        }
        copies.paused = true;
        try {
            work.run();
        } finally {
            copies.paused = false;
        }
    }

    /**
     * @return a copy the application obtained during this request that has been dropped as stale since
     *         ({@link dev.limpet.sessions.BackupState#isConflicted}): what the application changed in it may not be
     *         stored; or {@code null}
     */
    static LimpetSession droppedCopyObtained() {
        Copies copies = COPIES.get();
        if (copies != null) {
            for (LimpetSession copy : copies.obtained) {
                if (copy.backup().isConflicted()) {
                    return copy;
                }
            }
        }
        return null;
    }

    /**
     * Remembers the copy the manager handed out for a looked-up id ({@link LimpetSessionManager#findSession}).
     *
     * @param id      the id looked up
     * @param session what the look-up returned, or {@code null}
     * @return {@code session}
     */
    static org.apache.catalina.Session handedOut(String id, org.apache.catalina.Session session) {
        Copies copies = COPIES.get();
        if (copies != null && session instanceof LimpetSession copy) {
            copies.lookedUpId = id;
            copies.handedOut = copy;
        }
        return session;
    }

    /**
     * @return the id whose copy the manager last handed out during this request, if that copy has been dropped as
     *         stale since (look it up again: a concurrent request reloaded it); else {@code null}
     */
    static String droppedLookup() {
        return droppedHandedOut() == null ? null : COPIES.get().lookedUpId;
    }

    /** @return the copy the manager last handed out during this request, if it has been dropped as stale since */
    static LimpetSession droppedHandedOut() {
        Copies copies = COPIES.get();
        return copies != null && copies.handedOut != null && copies.handedOut.backup().isConflicted()
                ? copies.handedOut : null;
    }

    /** Ends the current request on every copy it was {@linkplain #count counted} on. */
    static void endRequests() {
        Copies copies = COPIES.get();
        if (copies != null) {
            copies.counted.forEach(LimpetSession::endRequest);
            copies.counted.clear();
        }
    }

    private static boolean containsSame(List<LimpetSession> copies, LimpetSession copy) {
        for (LimpetSession c : copies) {
            if (c == copy) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the current request must not reach the store (its URI is ignored) */
    static boolean localOnly() {
        return LOCAL_ONLY.get() != null;
    }

    /**
     * @param storeId a route-less id whose local copy is about to be checked against the store
     * @return {@code true} the first time during this request (check it), then {@code false}; always
     *         {@code true} outside a request
     */
    static boolean firstCheck(String storeId) {
        Set<String> checked = CHECKED.get();
        return checked == null || checked.add(storeId);
    }

    /** @param storeId a route-less id the store did not have during this request */
    static void missing(String storeId) {
        Set<String> missing = MISSING.get();
        if (missing != null) {
            missing.add(storeId);
        }
    }

    /** @param storeId a route-less id @return whether the store already said no during this request */
    static boolean knownMissing(String storeId) {
        Set<String> missing = MISSING.get();
        return missing != null && missing.contains(storeId);
    }
}
