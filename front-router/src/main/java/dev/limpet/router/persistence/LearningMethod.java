package dev.limpet.router.persistence;

/**
 * A persistence method backed by the session table: it learns keys from responses (never from requests) and
 * routes later requests that carry a learned key (nginx {@code sticky learn}, HAProxy
 * {@code stick store-response} + {@code stick on}). Thread-safe.
 */
public interface LearningMethod extends PersistenceMethod {

    /**
     * @param request the client-to-proxy request
     * @return the table key the request carries (its session cookie, header, subnet, ...), or {@code null}
     */
    String requestKey(ClientRequest request);

    /**
     * Learns from a response: pins what the response establishes (a new session cookie or header) to the node
     * that served it, forgets what it deletes. Malformed values are ignored.
     *
     * @param request  the client-to-proxy request
     * @param response the server-to-proxy response
     * @param route    the route of the node that served it
     */
    void learn(ClientRequest request, ServerResponse response, String route);

    /**
     * Re-pins the request's key after a failover moved the request to another node.
     *
     * @param request the client-to-proxy request
     * @param route   the route of the node that served it
     */
    void repin(ClientRequest request, String route);
}
