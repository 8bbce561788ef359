package dev.limpet.router.routing;

import java.util.Locale;

/**
 * What a persistence class does when a request is pinned to a node that cannot serve it (down by health check or
 * passive detection, disabled, or it just failed for this request). Stingray's persistence-class
 * failure modes; HAProxy's {@code option redispatch} is {@link #REBALANCE}.
 */
public enum FailureMode {
    /** The remaining methods may name another usable node, else the balancer picks one; the user is re-pinned. */
    REBALANCE,
    /** Answer with the class's "sorry" status and page; the user stays pinned. */
    SORRY,
    /** Close the client connection without a response. */
    CLOSE,
    /** Answer {@code 503} with {@code Retry-After}; never move the session (what MCP servers need). */
    STRICT;

    /** @return the configuration name, e.g. {@code rebalance} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a configuration value
     * @return the mode, or {@code null} when unknown
     */
    public static FailureMode fromConfigName(String text) {
        for (FailureMode mode : values()) {
            if (mode.configName().equals(text)) {
                return mode;
            }
        }
        return null;
    }
}
