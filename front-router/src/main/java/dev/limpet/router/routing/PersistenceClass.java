package dev.limpet.router.routing;

import dev.limpet.router.persistence.PersistenceMethod;
import dev.limpet.router.persistence.SignedCookieMethod;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A persistence class (Stingray's term): the requests whose path matches, the persistence methods they use and
 * what happens when their pinned node fails. The top-level {@code persistence} of the configuration is the
 * default class, which matches every path. Immutable and thread-safe.
 *
 * @param pathPrefix         the raw path must start with this, or {@code null}
 * @param pathRegex          a regular expression found in the raw path, or {@code null}; with neither, every path
 *                           matches
 * @param methods            the methods, tried in order; empty means "balance freely"
 * @param routerCookieMethod the {@code router-cookie} method when it is among {@code methods}, else {@code null}
 * @param onFailure          the failure mode
 * @param sorryStatus        the status of a {@link FailureMode#SORRY} response, 200..599
 * @param sorryContentType   the {@code Content-Type} of the sorry page
 * @param sorryBody          the sorry page
 */
public record PersistenceClass(String pathPrefix, Pattern pathRegex, List<PersistenceMethod> methods,
                               SignedCookieMethod routerCookieMethod, FailureMode onFailure, int sorryStatus,
                               String sorryContentType, byte[] sorryBody) {

    /**
     * @param rawPath the request's raw path
     * @return whether the class applies to it
     */
    public boolean matches(String rawPath) {
        if (pathPrefix != null) {
            return rawPath.startsWith(pathPrefix);
        }
        return pathRegex == null || pathRegex.matcher(rawPath).find();
    }

    /** @return a short description for logs: the path rule and the methods */
    public String describe() {
        String path = pathPrefix != null ? pathPrefix + "*" : pathRegex != null ? "~" + pathRegex : "(default)";
        return path + " " + methods.stream().map(PersistenceMethod::name).toList() + " onFailure="
                + onFailure.configName();
    }
}
