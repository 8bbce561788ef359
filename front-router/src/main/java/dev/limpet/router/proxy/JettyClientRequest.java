package dev.limpet.router.proxy;

import dev.limpet.router.persistence.ClientRequest;
import dev.limpet.router.persistence.CookieScanner;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * {@link ClientRequest} over a Jetty core request: scans the {@code Cookie} header(s) for one name per call and
 * builds no cookie map. Used by one request thread at a time.
 */
final class JettyClientRequest implements ClientRequest {

    private final Request request;

    JettyClientRequest(Request request) {
        this.request = request;
    }

    @Override
    public String cookie(String name) {
        HttpFields headers = request.getHeaders();
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpField field = headers.getField(i);
            if (field.getHeader() == HttpHeader.COOKIE) {
                String value = CookieScanner.find(field.getValue(), name);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    @Override
    public java.util.List<String> cookies(String name) {
        java.util.List<String> values = new java.util.ArrayList<>(2);
        HttpFields headers = request.getHeaders();
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpField field = headers.getField(i);
            if (field.getHeader() == HttpHeader.COOKIE) {
                CookieScanner.findAll(field.getValue(), name, values);
            }
        }
        return values;
    }

    @Override
    public String cookieWithPrefix(String prefix) {
        HttpFields headers = request.getHeaders();
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpField field = headers.getField(i);
            if (field.getHeader() == HttpHeader.COOKIE) {
                String pair = CookieScanner.findWithPrefix(field.getValue(), prefix);
                if (pair != null) {
                    return pair;
                }
            }
        }
        return null;
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    @Override
    public String queryParameter(String name) {
        String query = request.getHttpURI().getQuery();
        if (query == null) {
            return null;
        }
        int at = 0;
        while (at <= query.length()) {
            int end = query.indexOf('&', at);
            if (end < 0) {
                end = query.length();
            }
            if (query.startsWith(name, at) && at + name.length() < end && query.charAt(at + name.length()) == '=') {
                return query.substring(at + name.length() + 1, end);
            }
            at = end + 1;
        }
        return null;
    }

    @Override
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    @Override
    public String tlsSessionId() {
        EndPoint.SslSessionData ssl = request.getConnectionMetaData().getConnection().getEndPoint()
                .getSslSessionData();
        return ssl == null ? null : ssl.sslSessionId();
    }

    @Override
    public String rawPath() {
        String path = request.getHttpURI().getPath();
        return path == null ? "" : path;
    }
}
