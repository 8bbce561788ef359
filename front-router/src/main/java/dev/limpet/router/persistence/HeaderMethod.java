package dev.limpet.router.persistence;

import dev.limpet.router.table.SessionTable;
import java.util.Locale;

/**
 * Persistence method {@code header}: learns a session header from responses and routes later requests that
 * send it back, for example MCP's {@code Mcp-Session-Id} (the server assigns it in the response to
 * {@code initialize}; the client repeats it on every request). The response header is learned, never the
 * request's, so a client cannot pin a value the backend did not issue. Values longer than the table's
 * {@code maxKeyLength} are ignored. Immutable and thread-safe.
 */
public final class HeaderMethod extends TableMethod {

    private final String headerName;
    private final String namespace;

    /**
     * @param table      the session table
     * @param headerName the header, matched in any case
     */
    public HeaderMethod(SessionTable table, String headerName) {
        super(PersistenceMethods.HEADER, table);
        this.headerName = headerName;
        this.namespace = "header:" + headerName.toLowerCase(Locale.ROOT) + ':';
    }

    @Override
    public String requestKey(ClientRequest request) {
        String value = request.header(headerName);
        return value == null ? null : table().key(namespace, value.trim());
    }

    @Override
    public void learn(ClientRequest request, ServerResponse response, String route) {
        String value = response.header(headerName);
        if (value != null) {
            table().pin(table().key(namespace, value.trim()), route);
        }
    }
}
