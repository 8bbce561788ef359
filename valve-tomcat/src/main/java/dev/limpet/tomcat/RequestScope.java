package dev.limpet.tomcat;

import java.util.HashSet;
import java.util.Set;

/**
 * What the manager remembers for the duration of one request on the thread that runs it: the route-less ids
 * the store was asked for and did not have (absent, unreadable or unavailable). Tomcat looks a requested
 * session id up several times per request ({@code Request.getSessionInternal}, {@code isRequestedSessionIdValid},
 * {@code getSession(true)} before creating); this keeps that to one store read. Opened and closed by
 * {@link LimpetSessionValve}; outside a request (or on another thread of an asynchronous request) nothing is
 * remembered and each lookup may read the store. Also: which ids' local copies were already checked against the
 * store, and whether the request's URI is ignored (then no lookup reaches the store). Not shared between threads.
 */
final class RequestScope {

    private static final ThreadLocal<Set<String>> MISSING = new ThreadLocal<>();
    private static final ThreadLocal<Set<String>> CHECKED = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> LOCAL_ONLY = new ThreadLocal<>();

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

    /** Forgets everything (end of the request). */
    static void close() {
        MISSING.remove();
        CHECKED.remove();
        LOCAL_ONLY.remove();
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
