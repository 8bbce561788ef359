package dev.limpet.sessions;

import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.token.AffinityToken;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.core.token.TokenVerdict;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a response must carry a new {@code X-Backend} token naming this node, and signs it.
 * Container-free: the Tomcat valve (and any other adapter) only reads the presented cookie and writes the
 * returned value.
 *
 * <p>Rule: a token is issued unless the client presented one that is {@link TokenVerdict#VALID}, names this
 * node's route, and has more than half of the lifetime left ({@code expires - now > lifetime / 2}). So an
 * active client gets at most about two signatures per lifetime, and a request with a fresh token costs one
 * HMAC verification and no signature. A refreshed token keeps the {@code created} time of the presented
 * valid token of the same route (the earliest, if several) (the time the pin was first issued, see {@code docs/affinity-token.md});
 * any other presented value (absent, malformed, forged, expired, another route) starts a new pin.
 *
 * <p>Immutable and thread-safe.
 */
public final class BackendTokenIssuer {

    private final AffinityTokenCodec codec;
    private final String route;
    private final Clock clock;

    /**
     * @param codec the codec, bound to the cookie name and the {@code BACKEND_COOKIE} key ring
     * @param route this node's route, {@code [A-Za-z0-9_-]{1,64}}
     * @param clock the time source (UTC seconds are taken from it)
     * @throws IllegalArgumentException if the route is invalid
     */
    public BackendTokenIssuer(AffinityTokenCodec codec, String route, Clock clock) {
        if (!RouteCodec.isValidRoute(route)) {
            throw new IllegalArgumentException("invalid route [" + route + "]: must match [A-Za-z0-9_-]{1,64}");
        }
        this.codec = Objects.requireNonNull(codec, "codec");
        this.route = route;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the route this issuer names */
    public String route() {
        return route;
    }

    /** @return the cookie name the tokens are bound to */
    public String cookieName() {
        return codec.cookieName();
    }

    /**
     * @param presented       the values of the client's cookies of this name (usually none or one; a browser
     *                        may send several with different paths), never {@code null}
     * @param lifetimeSeconds the lifetime of a new token, seconds, at least 1
     * @return a new token when no presented value is a valid token for this route with more than half its
     *         lifetime left; empty when one is
     * @throws IllegalArgumentException if the lifetime is not positive
     */
    public Optional<String> tokenToIssue(List<String> presented, long lifetimeSeconds) {
        if (lifetimeSeconds < 1) {
            throw new IllegalArgumentException("token lifetime must be at least 1 second: [" + lifetimeSeconds + "]");
        }
        long now = clock.millis() / 1000;
        long created = now;
        for (String value : presented) {
            Optional<AffinityToken> token = validForThisRoute(value, now);
            if (token.isPresent()) {
                if (token.get().expiresSeconds() - now > lifetimeSeconds / 2) {
                    return Optional.empty();
                }
                created = Math.min(created, token.get().createdSeconds());
            }
        }
        return Optional.of(codec.sign(route, created, now + lifetimeSeconds));
    }

    private Optional<AffinityToken> validForThisRoute(String value, long now) {
        AffinityTokenCodec.Verification verification = codec.verify(value, now);
        if (verification.verdict() == TokenVerdict.VALID && verification.token().get().route().equals(route)) {
            return verification.token();
        }
        return Optional.empty();
    }
}
