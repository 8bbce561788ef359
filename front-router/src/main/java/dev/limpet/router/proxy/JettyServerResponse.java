package dev.limpet.router.proxy;

import dev.limpet.router.persistence.ServerResponse;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;

/**
 * {@link ServerResponse} over the backend's response headers and the proxy-to-client response headers. Used by
 * one thread at a time, during one exchange's header phase.
 */
final class JettyServerResponse implements ServerResponse {

    private final HttpFields serverToProxy;
    private final HttpFields.Mutable proxyToClient;

    JettyServerResponse(HttpFields serverToProxy, HttpFields.Mutable proxyToClient) {
        this.serverToProxy = serverToProxy;
        this.proxyToClient = proxyToClient;
    }

    @Override
    public String header(String name) {
        return serverToProxy.get(name);
    }

    @Override
    public List<String> headerValues(String name) {
        return serverToProxy.getValuesList(name);
    }

    @Override
    public void putClientHeader(String name, String value) {
        proxyToClient.put(name, value);
    }
}
