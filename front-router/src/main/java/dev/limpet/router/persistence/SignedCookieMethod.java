package dev.limpet.router.persistence;

import dev.limpet.core.token.AffinityToken;
import dev.limpet.core.token.AffinityTokenCodec;
import java.time.InstantSource;

/**
 * Persistence methods {@code backend-cookie} and {@code router-cookie}: a signed affinity token
 * (docs/affinity-token.md) in a named cookie. The backend cookie ({@code X-Backend}) is set by backends with
 * the {@code BACKEND_COOKIE} key; the router cookie ({@code LIMPET}) by the router with the
 * {@code ROUTER_COOKIE} key. Forged, tampered, expired, unknown-key, malformed and oversized values are
 * ignored: they give no route, never an error. When the request carries several cookies of the name, each is
 * tried in order until one verifies. Immutable and thread-safe.
 */
public final class SignedCookieMethod implements PersistenceMethod {

    private final String name;
    private final AffinityTokenCodec codec;
    private final InstantSource clock;

    /**
     * @param name  the method name, {@link PersistenceMethods#BACKEND_COOKIE} or
     *              {@link PersistenceMethods#ROUTER_COOKIE}
     * @param codec verifies tokens bound to the cookie's name with the purpose's key ring
     * @param clock the time source for expiry checks
     */
    public SignedCookieMethod(String name, AffinityTokenCodec codec, InstantSource clock) {
        this.name = name;
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the name of the cookie this method reads */
    public String cookieName() {
        return codec.cookieName();
    }

    @Override
    public String route(ClientRequest request) {
        AffinityToken token = token(request);
        return token == null ? null : token.route();
    }

    /**
     * @param request the client-to-proxy request
     * @return the valid token of this method's cookie, or {@code null}
     */
    public AffinityToken token(ClientRequest request) {
        String value = request.cookie(codec.cookieName());
        if (value == null) {
            return null;
        }
        long now = clock.millis() / 1000;
        AffinityToken token = codec.read(value, now).orElse(null);
        if (token != null) {
            return token;
        }
        // The first one did not verify: try any other cookie of the same name (the valve does the same).
        for (String other : request.cookies(codec.cookieName())) {
            if (!other.equals(value)) {
                token = codec.read(other, now).orElse(null);
                if (token != null) {
                    return token;
                }
            }
        }
        return null;
    }
}
