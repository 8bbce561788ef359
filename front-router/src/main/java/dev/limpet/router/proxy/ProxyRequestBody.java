package dev.limpet.router.proxy;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Streams the client-to-proxy request body to the backend and remembers whether any of it was read, so a
 * request whose body was (partly) sent is never replayed on another node. Not rewindable.
 */
final class ProxyRequestBody implements Request.Content {

    private final org.eclipse.jetty.server.Request clientToProxyRequest;
    private volatile boolean read;

    ProxyRequestBody(org.eclipse.jetty.server.Request clientToProxyRequest) {
        this.clientToProxyRequest = clientToProxyRequest;
    }

    /** @return whether the backend connection has read any body content */
    boolean wasRead() {
        return read;
    }

    @Override
    public long getLength() {
        return clientToProxyRequest.getLength();
    }

    @Override
    public Content.Chunk read() {
        read = true;
        return clientToProxyRequest.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        clientToProxyRequest.demand(demandCallback);
    }

    /**
     * Jetty's client fails the body when the exchange fails. A body nothing was read from stays intact, so the
     * request can still be retried on another node; a partly read one is failed towards the client.
     */
    @Override
    public void fail(Throwable failure) {
        if (read) {
            clientToProxyRequest.fail(failure);
        }
    }

    @Override
    public String getContentType() {
        return clientToProxyRequest.getHeaders().get(HttpHeader.CONTENT_TYPE);
    }

    @Override
    public boolean rewind() {
        return false;
    }
}
