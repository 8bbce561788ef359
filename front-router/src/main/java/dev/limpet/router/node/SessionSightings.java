package dev.limpet.router.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.limpet.router.persistence.ClientRequest;
import dev.limpet.router.persistence.JsessionidMethod;
import dev.limpet.router.persistence.PersistenceMethod;
import dev.limpet.router.persistence.SignedCookieMethod;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Counts the distinct sessions seen per node within {@code idleSeconds}, for the persistence methods whose pins
 * live in the client rather than in the session table: the session id of {@code jsessionid} (cookie or
 * {@code ;jsessionid=} path parameter), and the signed {@code X-Backend} ({@code backend-cookie}) and
 * {@code LIMPET} ({@code router-cookie}) tokens. Each request counts the key of the method that pinned it (so a
 * user carrying several cookies counts once), for the node it was pinned to. A key is remembered by a 64-bit hash
 * (never the value itself) and forgotten after {@code idleSeconds} without being seen (Caffeine,
 * {@code expireAfterAccess}, at most {@code maxEntries} keys). Only keys that named a known node through a
 * verified token or a valid route reach this class, so forged values count nothing.
 *
 * <p>An estimate where the key is a signed token: a token carries only route and times (no nonce), so two sessions
 * pinned to the same node in the same second from the same address count once (the client address is part of a
 * token's key), and a token re-issued past half its lifetime, or seen from a new address, counts twice until the
 * old sighting idles out. A session id is exact.
 *
 * <p>Thread-safe; a sighting costs a hash of the value and one cache lookup.
 */
public final class SessionSightings implements PinnedSessionCounter {

    /** Longer values are not session keys we count (a token is about 80 characters, a session id less). */
    private static final int MAX_VALUE_LENGTH = 512;

    private final Cache<Long, String> routesByKeyHash;

    /**
     * @param idleSeconds how long a key counts after it was last seen, in seconds, at least 1
     * @param maxEntries  most keys remembered, at least 1 (least recently seen dropped first)
     * @param clock       the time source (tests advance it instead of sleeping)
     */
    public SessionSightings(long idleSeconds, long maxEntries, InstantSource clock) {
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.routesByKeyHash = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofSeconds(idleSeconds))
                .maximumSize(maxEntries)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Records the session key of a request that a persistence method pinned to a node.
     *
     * @param request  the client-to-proxy request
     * @param pinnedBy the method that named the pinned node, or {@code null} (nothing is recorded)
     * @param route    the route of the pinned node (not necessarily the node that serves the request)
     */
    public void seen(ClientRequest request, PersistenceMethod pinnedBy, String route) {
        String value;
        boolean byAddress;
        if (pinnedBy instanceof SignedCookieMethod signed) {
            value = request.cookie(signed.cookieName());
            byAddress = true;
        } else if (pinnedBy instanceof JsessionidMethod jsessionid) {
            value = jsessionid.sessionId(request);
            byAddress = false;
        } else {
            return; // the learning methods are counted by the session table; named-node pins no session
        }
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH || route == null) {
            return;
        }
        Long key = hash(pinnedBy.name(), value, byAddress ? request.remoteAddress() : null);
        String known = routesByKeyHash.getIfPresent(key);
        if (!route.equals(known)) {
            routesByKeyHash.put(key, route);
        }
    }

    @Override
    public long pinnedSessions(String route) {
        return routesByKeyHash.asMap().values().stream().filter(route::equals).count();
    }

    /** 64-bit FNV-1a of method, value and address: two live keys colliding is negligible. */
    static long hash(String method, String value, String address) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, method);
        h = mix(h, value);
        return address == null ? h : mix(h, address);
    }

    private static long mix(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= '|';
        return h * 0x100000001b3L;
    }
}
