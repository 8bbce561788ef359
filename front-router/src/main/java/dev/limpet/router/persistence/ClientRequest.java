package dev.limpet.router.persistence;

/**
 * What a {@link PersistenceMethod} may read from a client-to-proxy request. Implementations parse lazily and
 * only what is asked for, so that the request path stays allocation-light.
 */
public interface ClientRequest {

    /**
     * @param name a cookie name, matched exactly (RFC 6265 names are case-sensitive)
     * @return the value of the first cookie of that name in the {@code Cookie} header(s), without surrounding
     *         double quotes, or {@code null}
     */
    String cookie(String name);

    /**
     * Every value of a cookie sent more than once (e.g. two {@code X-Backend} cookies set for different paths or
     * domains, RFC 6265 §5.4 sends both), for methods that try each until one verifies.
     *
     * @param name a cookie name, matched exactly
     * @return the values in the order sent, empty when none; the default returns {@link #cookie}'s value only
     */
    default java.util.List<String> cookies(String name) {
        String value = cookie(name);
        return value == null ? java.util.List.of() : java.util.List.of(value);
    }

    /**
     * @return the raw (undecoded) path of the request URI including path parameters such as
     *         {@code ;jsessionid=}, without the query; never {@code null}
     */
    String rawPath();

    /**
     * @param prefix a cookie-name prefix, matched exactly (e.g. {@code ASPSESSIONID})
     * @return {@code name=value} of the first cookie whose name starts with {@code prefix}, or {@code null};
     *         the default finds none
     */
    default String cookieWithPrefix(String prefix) {
        return null;
    }

    /**
     * @param name a header name, in any case
     * @return the first value of that request header, or {@code null}; the default finds none
     */
    default String header(String name) {
        return null;
    }

    /**
     * @param name a query parameter name, matched exactly
     * @return the raw (undecoded) value of the first such parameter, or {@code null}; the default finds none
     */
    default String queryParameter(String name) {
        return null;
    }

    /** @return the peer's IP address as text (no port), or {@code null} when unknown (the default) */
    default String remoteAddress() {
        return null;
    }

    /**
     * @return the TLS session id (hex) of the connection when the router terminated TLS, else {@code null}
     *         (the default)
     */
    default String tlsSessionId() {
        return null;
    }
}
