package dev.limpet.router.persistence;

import dev.limpet.router.table.SessionTable;

/**
 * Persistence method {@code tls-session}: pins the TLS session (its session id, when the router terminates TLS,
 * configured with {@code tls}) to the node that served it (HAProxy {@code stick on ssl_fc_session_id}). A
 * client that resumes its TLS session keeps its node; a new TLS session is balanced afresh. Plain-HTTP requests
 * carry no key. Immutable and thread-safe.
 */
public final class TlsSessionMethod extends TableMethod {

    private static final String NAMESPACE = "tls:";

    /** @param table the session table */
    public TlsSessionMethod(SessionTable table) {
        super(PersistenceMethods.TLS_SESSION, table);
    }

    @Override
    public String requestKey(ClientRequest request) {
        return table().key(NAMESPACE, request.tlsSessionId());
    }

    @Override
    public void learn(ClientRequest request, ServerResponse response, String route) {
        table().pin(requestKey(request), route);
    }
}
