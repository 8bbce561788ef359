package dev.limpet.router.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Validates a node's base URL ({@code backends[].url}, the admin API's {@code POST /nodes}). Stateless. */
public final class BackendUrls {

    private BackendUrls() {
    }

    /**
     * @param text the URL, e.g. {@code http://10.0.0.5:8080}
     * @return {@code http://host:port} (port 80 when none is given)
     * @throws IllegalArgumentException with a message naming the fault when it is not {@code http://HOST[:PORT]}
     *                                  without path, query, fragment or credentials
     */
    public static URI parse(String text) {
        try {
            URI url = new URI(text);
            String path = url.getRawPath();
            if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getRawUserInfo() != null
                    || url.getRawQuery() != null || url.getRawFragment() != null
                    || (path != null && !path.isEmpty() && !path.equals("/"))) {
                throw new IllegalArgumentException("must be http://HOST[:PORT] without path, query or credentials, was ["
                        + text + "]");
            }
            return new URI("http", null, url.getHost(), url.getPort() < 0 ? 80 : url.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL [" + text + "]: " + e.getReason(), e);
        }
    }
}
