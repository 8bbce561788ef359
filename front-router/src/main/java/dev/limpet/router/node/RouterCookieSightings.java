package dev.limpet.router.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.limpet.core.token.AffinityToken;
import dev.limpet.router.persistence.ClientRequest;
import dev.limpet.router.persistence.SignedCookieMethod;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Counts the router cookies ({@code LIMPET}) seen per node within {@code maxIdleSeconds}: the part of "sessions a
 * node still holds" that no table knows (a router cookie is stateless). Each distinct cookie value is one
 * session: it is remembered by a 64-bit hash of the value and the client's address (never the value itself)
 * and forgotten after {@code maxIdleSeconds} without being seen (Caffeine, {@code expireAfterAccess}, at most
 * {@code maxEntries} values). A value is verified once, on its first sighting; later sightings only touch the
 * entry.
 *
 * <p>An estimate, by the nature of a stateless cookie: a router cookie carries only route and times (no
 * nonce), so two sessions pinned to the same node in the same second from the same address count once; a
 * client whose address changes, or whose cookie was refreshed, counts twice until the old sighting idles out.
 *
 * <p>Thread-safe.
 */
public final class RouterCookieSightings implements PinnedSessionCounter {

    /** Longer values are not router cookies (a token is about 80 characters). */
    private static final int MAX_VALUE_LENGTH = 512;

    private final Cache<Long, String> routesByValueHash;

    /**
     * @param maxIdleSeconds how long a cookie counts after it was last seen, in seconds, at least 1
     * @param maxEntries     most cookie values remembered, at least 1 (least recently seen dropped first)
     * @param clock          the time source (tests advance it instead of sleeping)
     */
    public RouterCookieSightings(long maxIdleSeconds, long maxEntries, InstantSource clock) {
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.routesByValueHash = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofSeconds(maxIdleSeconds))
                .maximumSize(maxEntries)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Records the request's router cookie, if it carries a valid one naming a known node.
     *
     * @param request  the client-to-proxy request
     * @param method   the {@code router-cookie} method that reads and verifies the cookie
     * @param registry the nodes; cookies naming unknown routes are not counted
     */
    public void seen(ClientRequest request, SignedCookieMethod method, NodeRegistry registry) {
        String value = request.cookie(method.cookieName());
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            return;
        }
        Long key = hash(value, request.remoteAddress());
        if (routesByValueHash.getIfPresent(key) != null) {
            return;
        }
        AffinityToken token = method.token(request);
        if (token != null && registry.find(token.route()) != null) {
            routesByValueHash.put(key, token.route());
        }
    }

    @Override
    public long pinnedSessions(String route) {
        return routesByValueHash.asMap().values().stream().filter(route::equals).count();
    }

    /** 64-bit FNV-1a of the value, a separator and the address: two live sightings colliding is negligible. */
    static long hash(String value, String address) {
        long h = 0xcbf29ce484222325L;
        String text = address == null ? value : value + '|' + address;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
