package dev.limpet.router.persistence;

import dev.limpet.core.token.AffinityToken;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.router.config.RouterCookieConfig;
import java.time.InstantSource;
import java.util.Locale;

/**
 * Issues the router cookie ({@code LIMPET} by default; HAProxy's {@code cookie insert indirect nocache httponly
 * maxidle maxlife}): a {@code Set-Cookie} value carrying an affinity token signed with the {@code ROUTER_COOKIE}
 * key, with the configured {@code Path}, {@code Domain}, {@code HttpOnly}, {@code SameSite}, {@code Secure} and
 * {@code Partitioned} attributes (RFC 6265bis). No {@code Max-Age}: a browser-session cookie whose token expires
 * after {@link RouterCookieConfig#lifetimeSeconds()} without a refresh (HAProxy {@code maxidle}) and at the
 * latest {@link RouterCookieConfig#maxLifeSeconds()} after the pin was first issued (HAProxy {@code maxlife}).
 * Immutable and thread-safe.
 */
public final class RouterCookieIssuer {

    private final AffinityTokenCodec codec;
    private final InstantSource clock;
    private final long lifetimeSeconds;
    private final long maxLifeSeconds;
    private final boolean cachePrivate;
    private final String attributes;

    /**
     * @param codec  signs tokens bound to the router cookie's name
     * @param config the router cookie settings
     * @param clock  the time source for creation and expiry times
     */
    public RouterCookieIssuer(AffinityTokenCodec codec, RouterCookieConfig config, InstantSource clock) {
        this.codec = codec;
        this.clock = clock;
        this.lifetimeSeconds = config.lifetimeSeconds();
        this.maxLifeSeconds = config.maxLifeSeconds();
        this.cachePrivate = config.cachePrivate();
        this.attributes = "; Path=" + config.path()
                + (config.domain() == null ? "" : "; Domain=" + config.domain())
                + (config.httpOnly() ? "; HttpOnly" : "")
                + "; SameSite=" + config.sameSite()
                + (config.secure() ? "; Secure" : "")
                + (config.partitioned() ? "; Partitioned" : "");
    }

    /**
     * Decides whether a response must carry a (new or refreshed) router cookie.
     *
     * @param current the request's valid router token, or {@code null}
     * @param route   the route of the node that serves the request
     * @return the {@code Set-Cookie} header value, or {@code null} when the current cookie already pins
     *         {@code route} and has more than half of its lifetime left (or cannot be extended past its
     *         {@code maxLife})
     */
    public String setCookieFor(AffinityToken current, String route) {
        long now = clock.millis() / 1000;
        if (current != null && current.route().equals(route)) {
            long expires = expiry(current.createdSeconds(), now);
            if (current.expiresSeconds() - now > lifetimeSeconds / 2 || expires <= current.expiresSeconds()) {
                return null;
            }
            return cookie(route, current.createdSeconds(), expires);
        }
        return cookie(route, now, expiry(now, now));
    }

    private long expiry(long createdSeconds, long now) {
        long idle = now + lifetimeSeconds;
        return maxLifeSeconds > 0 ? Math.min(idle, createdSeconds + maxLifeSeconds) : idle;
    }

    private String cookie(String route, long createdSeconds, long expiresSeconds) {
        return codec.cookieName() + '=' + codec.sign(route, createdSeconds, expiresSeconds) + attributes;
    }

    /**
     * Marks a response that sets the router cookie as private to the client, unless configured otherwise
     * (HAProxy {@code nocache}): shared caches must not hand one user's pin to another. A backend
     * {@code Cache-Control} that already says {@code private} or {@code no-store} is kept; otherwise
     * {@code private} is added and {@code public} removed.
     *
     * @param response the response being sent to the client
     */
    public void markPrivate(ServerResponse response) {
        if (!cachePrivate) {
            return;
        }
        String current = response.header("Cache-Control");
        if (current == null || current.isBlank()) {
            response.putClientHeader("Cache-Control", "private");
            return;
        }
        String lower = current.toLowerCase(Locale.ROOT);
        if (lower.contains("private") || lower.contains("no-store")) {
            return;
        }
        StringBuilder value = new StringBuilder("private");
        for (String directive : current.split(",")) {
            String d = directive.trim();
            if (!d.isEmpty() && !d.equalsIgnoreCase("public")) {
                value.append(", ").append(d);
            }
        }
        response.putClientHeader("Cache-Control", value.toString());
    }
}
