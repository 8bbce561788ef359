package dev.limpet.router.proxy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Header rules of the proxy hops. Hop-by-hop headers (RFC 9110 §7.6.1) and headers named in {@code Connection}
 * are not forwarded, in either direction ({@code Host} is never removed that way); {@code Expect} is answered by the router's own server, not forwarded. Towards the backend
 * the router adds the de-facto {@code X-Forwarded-For} (the peer address appended to any existing list),
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} (both replaced unless the peer is a trusted proxy, as are
 * {@code Forwarded}, {@code X-Forwarded-Port/-Server/-Prefix} and {@code X-Real-IP}, which are dropped), and {@code X-Limpet-Previous-Route}
 * after a failover; a client-sent {@code X-Limpet-Previous-Route} is always dropped. The client's {@code Host}
 * is kept. Stateless and thread-safe.
 */
final class ProxyHeaders {

    /** Request header that tells a node where a moved session used to live. */
    static final String PREVIOUS_ROUTE = "X-Limpet-Previous-Route";

    private static final Set<HttpHeader> HOP = EnumSet.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_AUTHORIZATION, HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_CONNECTION,
            HttpHeader.TRANSFER_ENCODING, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.UPGRADE);

    private static final Set<HttpHeader> NOT_FORWARDED = EnumSet.of(HttpHeader.EXPECT,
            HttpHeader.X_FORWARDED_FOR, HttpHeader.X_FORWARDED_PROTO, HttpHeader.X_FORWARDED_HOST,
            HttpHeader.FORWARDED, HttpHeader.X_FORWARDED_PORT, HttpHeader.X_FORWARDED_SERVER);

    /** Forwarding headers Jetty has no constant for; dropped from untrusted peers like the ones above. */
    static final String X_REAL_IP = "X-Real-IP";
    static final String X_FORWARDED_PREFIX = "X-Forwarded-Prefix";

    private ProxyHeaders() {
    }

    /**
     * Copies the client-to-proxy request headers to the proxy-to-server request.
     *
     * @param from          the client-to-proxy request
     * @param to            the proxy-to-server request headers
     * @param previousRoute the route the request was pinned to before a failover, or {@code null}
     * @param forwarded     whether to add the {@code X-Forwarded-*} headers
     */
    static void copyRequestHeaders(Request from, HttpFields.Mutable to, String previousRoute, boolean forwarded) {
        copyRequestHeaders(from, to, previousRoute, forwarded, false);
    }

    /**
     * Copies the client-to-proxy request headers to the proxy-to-server request. From a peer that is not a
     * trusted proxy, {@code Forwarded} (RFC 7239), {@code X-Forwarded-Proto/-Host/-Port/-Server/-Prefix} and
     * {@code X-Real-IP} are dropped (the router's own {@code X-Forwarded-Proto/-Host} replace the first two);
     * from a trusted proxy they pass unchanged and the router adds {@code X-Forwarded-Proto/-Host} only when the
     * proxy sent none. {@code X-Forwarded-For} gets the peer appended either way. {@code Host} is kept even when
     * {@code Connection} lists it.
     *
     * @param from          the client-to-proxy request
     * @param to            the proxy-to-server request headers
     * @param previousRoute the route the request was pinned to before a failover, or {@code null}
     * @param forwarded     whether to add the {@code X-Forwarded-*} headers
     * @param trustedPeer   whether the TCP peer (or the PROXY protocol's client) is a configured trusted proxy
     */
    static void copyRequestHeaders(Request from, HttpFields.Mutable to, String previousRoute, boolean forwarded,
                                   boolean trustedPeer) {
        HttpFields headers = from.getHeaders();
        Set<String> listed = connectionListed(headers);
        String forwardedFor = null;
        boolean protoSent = false;
        boolean hostSent = false;
        boolean hostCopied = false;
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpField field = headers.getField(i);
            HttpHeader header = field.getHeader();
            if (header == HttpHeader.X_FORWARDED_FOR) {
                forwardedFor = forwardedFor == null ? field.getValue() : forwardedFor + ", " + field.getValue();
            }
            if (header != null ? HOP.contains(header) || NOT_FORWARDED.contains(header)
                    && !(trustedPeer && header != HttpHeader.X_FORWARDED_FOR && header != HttpHeader.EXPECT)
                    : field.is(PREVIOUS_ROUTE) || !trustedPeer && (field.is(X_REAL_IP) || field.is(X_FORWARDED_PREFIX))) {
                continue;
            }
            if (listed != null && header != HttpHeader.HOST && listed.contains(field.getLowerCaseName())) {
                continue;
            }
            protoSent |= header == HttpHeader.X_FORWARDED_PROTO;
            hostCopied |= header == HttpHeader.HOST;
            hostSent |= header == HttpHeader.X_FORWARDED_HOST;
            to.add(field);
        }
        String authority = null;
        if (!hostCopied) {
            // HTTP/2 carries the host in :authority, not in a Host field (RFC 9113 §8.3.1): the node still sees it.
            authority = from.getHttpURI().getAuthority();
            if (authority != null) {
                to.add(HttpHeader.HOST, authority);
            }
        }
        if (forwarded) {
            String peer = Request.getRemoteAddr(from);
            to.add(HttpHeader.X_FORWARDED_FOR, forwardedFor == null ? peer : forwardedFor + ", " + peer);
            // The connection's security, not the request URI's scheme: the same answer here (no customizer
            // rewrites the scheme) without a case-insensitive scheme comparison per request (measured).
            if (!protoSent) {
                to.add(HttpHeader.X_FORWARDED_PROTO, from.getConnectionMetaData().isSecure() ? "https" : "http");
            }
            String host = hostCopied ? headers.get(HttpHeader.HOST) : authority;
            if (host != null && !hostSent) {
                to.add(HttpHeader.X_FORWARDED_HOST, host);
            }
        }
        if (previousRoute != null) {
            to.add(PREVIOUS_ROUTE, previousRoute);
        }
    }

    /**
     * Copies the server-to-proxy response headers to the proxy-to-client response. A {@code Content-Length}
     * field is copied as a {@link HttpField.LongValueHttpField} with the backend's exact name and value, so its
     * number is parsed once here rather than again by each later reader (Jetty's response write, the caller).
     *
     * @param from      the backend's response headers
     * @param to        the proxy-to-client response headers
     * @param setCookie a router cookie {@code Set-Cookie} value to add, or {@code null}
     * @return the backend's {@code Content-Length} (the first such field), or -1 when it sent none
     * @throws NumberFormatException if that {@code Content-Length} is not a number (Jetty's parser rejects
     *                               such responses before this is called)
     */
    static long copyResponseHeaders(HttpFields from, HttpFields.Mutable to, String setCookie) {
        long contentLength = -1;
        // Headers the node lists in Connection are hop-by-hop on its hop too (RFC 9110 §7.6.1).
        Set<String> listed = from.getField(HttpHeader.CONNECTION) == null ? null : connectionListed(from);
        for (int i = 0, n = from.size(); i < n; i++) {
            HttpField field = from.getField(i);
            HttpHeader header = field.getHeader();
            if (listed != null && listed.contains(field.getLowerCaseName())) {
                continue;
            }
            if (header == HttpHeader.CONTENT_LENGTH && contentLength < 0) {
                contentLength = field.getLongValue();
                if (!(field instanceof HttpField.LongValueHttpField)) {
                    field = new HttpField.LongValueHttpField(header, field.getName(), field.getValue(), contentLength);
                }
                to.add(field);
            } else if (header == null || !HOP.contains(header)) {
                to.add(field);
            }
        }
        if (setCookie != null) {
            to.add(HttpHeader.SET_COOKIE, setCookie);
        }
        return contentLength;
    }

    /** @return lower-case header names listed in {@code Connection} (RFC 9110 §7.6.1), or {@code null} */
    private static Set<String> connectionListed(HttpFields headers) {
        Set<String> names = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpField field = headers.getField(i);
            if (field.getHeader() != HttpHeader.CONNECTION) {
                continue;
            }
            for (String token : field.getValues()) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !name.equals("close") && !name.equals("keep-alive")) {
                    if (names == null) {
                        names = new HashSet<>();
                    }
                    names.add(name);
                }
            }
        }
        return names;
    }
}
