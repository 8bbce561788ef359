package dev.limpet.router.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Validates a node's base URL ({@code backends[].url}, the admin API's {@code POST /nodes}). Stateless. */
public final class BackendUrls {

    private BackendUrls() {
    }

    /**
     * @param text the URL, e.g. {@code http://10.0.0.5:8080} or {@code https://app1.internal:8443} (TLS to the node,
     *             {@code backendTls})
     * @return {@code http://host:port} or {@code https://host:port}, the scheme in lower case (port 80 or 443 when
     *         none is given)
     * @throws IllegalArgumentException with a message naming the fault when it is not {@code http(s)://HOST[:PORT]}
     *                                  without path, query, fragment or credentials
     */
    public static URI parse(String text) {
        try {
            URI url = new URI(text);
            String path = url.getRawPath();
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.getRawUserInfo() != null
                    || url.getRawQuery() != null || url.getRawFragment() != null
                    || (path != null && !path.isEmpty() && !path.equals("/"))) {
                throw new IllegalArgumentException("must be http://HOST[:PORT] or https://HOST[:PORT] without path, query or credentials, was ["
                        + text + "]");
            }
            int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
            return new URI(scheme, null, url.getHost(), port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL [" + text + "]: " + e.getReason(), e);
        }
    }
}
