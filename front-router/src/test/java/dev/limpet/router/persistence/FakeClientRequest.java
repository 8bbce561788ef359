package dev.limpet.router.persistence;

/**
 * A {@link ClientRequest} for unit tests: a {@code Cookie} header value and a raw path.
 *
 * @param cookieHeader the {@code Cookie} header value, or {@code null}
 * @param rawPath      the raw path
 */
public record FakeClientRequest(String cookieHeader, String rawPath) implements ClientRequest {

    /** @return a request to {@code /} carrying the given {@code Cookie} header */
    public static FakeClientRequest withCookies(String cookieHeader) {
        return new FakeClientRequest(cookieHeader, "/");
    }

    /**
     * @param address the peer address, or {@code null} when unknown
     * @param headers request headers by exact name
     * @return a request to {@code /} without cookies from that peer with those headers
     */
    public static ClientRequest fromPeer(String address, java.util.Map<String, String> headers) {
        return fromPeer(address, null, headers);
    }

    /**
     * @param address      the peer address, or {@code null} when unknown
     * @param cookieHeader the {@code Cookie} header, or {@code null}
     * @param headers      request headers by exact name
     * @return a request to {@code /} from that peer with those cookies and headers
     */
    public static ClientRequest fromPeer(String address, String cookieHeader, java.util.Map<String, String> headers) {
        return new ClientRequest() {
            @Override
            public String cookie(String name) {
                return cookieHeader == null ? null : CookieScanner.find(cookieHeader, name);
            }

            @Override
            public String rawPath() {
                return "/";
            }

            @Override
            public String remoteAddress() {
                return address;
            }

            @Override
            public String header(String name) {
                return headers.get(name);
            }
        };
    }

    @Override
    public String cookie(String name) {
        return CookieScanner.find(cookieHeader, name);
    }

    @Override
    public java.util.List<String> cookies(String name) {
        java.util.List<String> all = new java.util.ArrayList<>();
        CookieScanner.findAll(cookieHeader, name, all);
        return all;
    }
}
