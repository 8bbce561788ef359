package dev.limpet.router.persistence;

import java.util.List;

/**
 * What a {@link LearningMethod} may read from a server-to-proxy response (docs/architecture.md §3, Learn), and the one
 * thing the router may change on the proxy-to-client response (its {@code Cache-Control}). Used by one thread
 * at a time.
 */
public interface ServerResponse {

    /**
     * @param name a header name, in any case
     * @return the first value of that backend response header, or {@code null}
     */
    String header(String name);

    /**
     * @param name a header name, in any case
     * @return every value of that backend response header in order, possibly empty
     */
    List<String> headerValues(String name);

    /**
     * @param name  a header name
     * @param value the value that replaces every value of that header on the proxy-to-client response
     */
    void putClientHeader(String name, String value);
}
