package dev.limpet.router.persistence;

/**
 * One way of recognising which node holds a request's session: a "persistence method" (Stingray's term;
 * HAProxy's {@code cookie}/{@code appsession}/{@code stick on}). The router runs the configured methods in
 * order until one yields the route of a known node (docs/architecture.md §3, Identify).
 *
 * <p>Implementations read untrusted input: they never throw on malformed values, they answer "no route".
 * They must be thread-safe and should not allocate more than the value they return.
 */
public interface PersistenceMethod {

    /** @return the method's configuration name, e.g. {@code jsessionid} */
    String name();

    /**
     * @param request the client-to-proxy request
     * @return the route the request names (a valid route, not necessarily a known node), or {@code null}
     */
    String route(ClientRequest request);
}
