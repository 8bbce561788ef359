package dev.limpet.router.config;

import dev.limpet.router.config.Constraints.Token;
import dev.limpet.router.config.Constraints.Within;
import jakarta.validation.constraints.Pattern;

/**
 * The router-inserted affinity cookie (persistence method {@code router-cookie}; HAProxy's
 * {@code cookie NAME insert indirect nocache httponly maxidle maxlife}). Its value is an affinity token signed
 * with the {@code ROUTER_COOKIE} key (docs/affinity-token.md). The cookie itself is a browser-session cookie
 * (no {@code Max-Age}); the token inside expires after {@code lifetimeSeconds} of idleness (HAProxy
 * {@code maxidle}; refreshed once less than half of it remains) and never outlives {@code maxLifeSeconds} after
 * the pin was first issued (HAProxy {@code maxlife}). Attributes follow RFC 6265bis: {@code SameSite},
 * {@code Partitioned} (CHIPS) and the {@code __Host-} name prefix. Bound from the {@code routerCookie} section key by
 * key (each component is the key of its name, with its {@link Default}). Immutable and thread-safe.
 *
 * @param name            cookie name as sent, an RFC 6265 token, including {@code __Host-} when
 *                        {@code hostPrefix}
 * @param lifetimeSeconds idle lifetime of the token (HAProxy {@code maxidle}), 60..31536000 s
 * @param sameSite        {@code Lax}, {@code Strict} or {@code None} (which requires {@code secure})
 * @param secure          whether the {@code Secure} attribute is set
 * @param maxLifeSeconds  longest life of a pin from its first issue (HAProxy {@code maxlife}), 0 = unlimited,
 *                        else 60..315360000 s
 * @param httpOnly        whether {@code HttpOnly} is set
 * @param partitioned     whether {@code Partitioned} is set (requires {@code secure})
 * @param hostPrefix      whether the name carries the {@code __Host-} prefix (requires {@code secure}, path
 *                        {@code /}, no domain)
 * @param domain          the {@code Domain} attribute, or {@code null}: a host-only cookie
 * @param path            the {@code Path} attribute
 * @param cachePrivate    whether responses that set the cookie get {@code Cache-Control: private} (HAProxy
 *                        {@code nocache})
 */
public record RouterCookieConfig(
        @Token(message = Constraints.COOKIE_NAME) @Default("LIMPET") String name,
        @Within(min = 60, max = 31_536_000, unit = "s") @Default("86400") long lifetimeSeconds,
        @Pattern(regexp = "Lax|Strict|None", message = "must be Lax, Strict or None") @Default("Lax")
        String sameSite,
        @Default("false") boolean secure,
        @Within(min = 0, max = 315_360_000, unit = "s, 0 = unlimited") @Default("0") long maxLifeSeconds,
        @Default("true") boolean httpOnly,
        @Default("false") boolean partitioned,
        @Default("false") boolean hostPrefix,
        String domain,
        @Default("/") String path,
        @Default("true") boolean cachePrivate) {

    /** The original four settings with every newer one at its default. */
    public RouterCookieConfig(String name, long lifetimeSeconds, String sameSite, boolean secure) {
        this(name, lifetimeSeconds, sameSite, secure, 0, true, false, false, null, "/", true);
    }
}
