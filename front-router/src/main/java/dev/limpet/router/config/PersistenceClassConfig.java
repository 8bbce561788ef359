package dev.limpet.router.config;

import dev.limpet.router.routing.FailureMode;
import java.util.List;

/**
 * One configured persistence class: an entry of {@code classes}, or the default class made of the top-level
 * {@code persistence}, {@code onFailure}, {@code sorryStatus} and {@code sorryPage}. Documented in
 * {@code docs/router.md}.
 *
 * @param pathPrefix       {@code path}: the raw request path must start with it ({@code /app/**} is read as
 *                         {@code /app/}); {@code null} when {@code pathRegex} is used or for the default class
 * @param pathRegex        {@code pathRegex}: a Java regular expression found in the raw path, or {@code null}
 * @param methods          the persistence entries, tried in order; empty balances every request freely
 * @param onFailure        what happens when the pinned node cannot serve; default {@code rebalance}
 * @param sorryStatus      status of a {@code sorry} response, 200..599; default 503
 * @param sorryContentType {@code text/html; charset=utf-8} for a {@code .html}/{@code .htm} page, else
 *                         {@code text/plain; charset=utf-8}
 * @param sorryBody        the {@code sorryPage} file's bytes, or a one-line default text
 */
public record PersistenceClassConfig(String pathPrefix, String pathRegex, List<PersistenceMethodConfig> methods,
                                     FailureMode onFailure, int sorryStatus, String sorryContentType,
                                     byte[] sorryBody) {

    /** @return the method names in order (an entry with options gives its method name) */
    public List<String> methodNames() {
        return methods.stream().map(PersistenceMethodConfig::method).toList();
    }
}
