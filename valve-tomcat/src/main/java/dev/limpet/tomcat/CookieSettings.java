package dev.limpet.tomcat;

import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Locale;
import org.apache.catalina.Context;
import org.apache.catalina.util.SessionConfig;

/**
 * The validated cookie attributes of a {@link BackendCookieValve}, and the cookies built from them.
 *
 * <p>Immutable and thread-safe.
 */
final class CookieSettings {

    /** Largest accepted {@code maxAgeSeconds}: one year. */
    static final int MAX_AGE_LIMIT_SECONDS = 365 * 24 * 3600;
    /** The token lifetime used with {@code maxAgeSeconds = -1} when the Context's sessions never time out. */
    static final int FALLBACK_LIFETIME_SECONDS = 1800;
    /** {@code sameSite} value that leaves the attribute to the Context's CookieProcessor. */
    static final String SAME_SITE_UNSET = "unset";

    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={}";

    private final String cookieName;
    private final int maxAgeSeconds;
    private final boolean secure;
    private final boolean httpOnly;
    private final String sameSite;
    private final String path;

    private CookieSettings(String cookieName, int maxAgeSeconds, boolean secure, boolean httpOnly, String sameSite,
                           String path) {
        this.cookieName = cookieName;
        this.maxAgeSeconds = maxAgeSeconds;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
        this.path = path;
    }

    /**
     * Checks every attribute and adds one message per problem.
     *
     * @return the settings, or {@code null} when a problem was added
     */
    static CookieSettings validate(String cookieName, int maxAgeSeconds, boolean secure, boolean httpOnly,
                                   String sameSite, String path, List<String> problems) {
        int before = problems.size();
        if (!isToken(cookieName)) {
            problems.add("cookieName [" + cookieName + "] is not an RFC 6265 cookie name (a token of visible ASCII"
                    + " characters without separators, not starting with '$')");
        }
        if (maxAgeSeconds != -1 && (maxAgeSeconds < 1 || maxAgeSeconds > MAX_AGE_LIMIT_SECONDS)) {
            problems.add("maxAgeSeconds [" + maxAgeSeconds + "] must be -1 (browser-session cookie) or 1.."
                    + MAX_AGE_LIMIT_SECONDS);
        }
        String canonicalSameSite = canonicalSameSite(sameSite);
        if (canonicalSameSite == null) {
            problems.add("sameSite [" + sameSite + "] must be one of Strict, Lax, None, unset");
        }
        String canonicalPath = path == null || path.isEmpty() ? null : path;
        if (canonicalPath != null && !isPath(canonicalPath)) {
            problems.add("path [" + path + "] must start with '/' and contain no ';' or control characters");
        }
        if (problems.size() > before) {
            return null;
        }
        return new CookieSettings(cookieName, maxAgeSeconds, secure, httpOnly, canonicalSameSite, canonicalPath);
    }

    String cookieName() {
        return cookieName;
    }

    int maxAgeSeconds() {
        return maxAgeSeconds;
    }

    String sameSite() {
        return sameSite;
    }

    /** @return whether browsers will drop the cookie on plain HTTP: SameSite=None without forced Secure */
    boolean sameSiteNoneWithoutSecure() {
        return "None".equals(sameSite) && !secure;
    }

    /**
     * @param context the request's Context, or {@code null}
     * @return the token lifetime in seconds: {@code maxAgeSeconds}, or with -1 the Context's session timeout
     */
    long lifetimeSeconds(Context context) {
        if (maxAgeSeconds > 0) {
            return maxAgeSeconds;
        }
        int timeoutMinutes = context == null ? -1 : context.getSessionTimeout();
        return timeoutMinutes > 0 ? timeoutMinutes * 60L : FALLBACK_LIFETIME_SECONDS;
    }

    /**
     * @param value         the token
     * @param context       the request's Context (for the default path), or {@code null}
     * @param secureRequest whether the request arrived over TLS
     * @return the cookie to add to the response
     */
    Cookie newCookie(String value, Context context, boolean secureRequest) {
        Cookie cookie = new Cookie(cookieName, value);
        cookie.setPath(path != null ? path : defaultPath(context));
        cookie.setMaxAge(maxAgeSeconds);
        cookie.setSecure(secure || secureRequest);
        cookie.setHttpOnly(httpOnly);
        if (!SAME_SITE_UNSET.equals(sameSite)) {
            cookie.setAttribute("SameSite", sameSite);
        }
        return cookie;
    }

    private static String defaultPath(Context context) {
        return context == null ? "/" : SessionConfig.getSessionCookiePath(context);
    }

    private static String canonicalSameSite(String value) {
        if (value == null) {
            return null;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "strict": return "Strict";
            case "lax": return "Lax";
            case "none": return "None";
            case SAME_SITE_UNSET: return SAME_SITE_UNSET;
            default: return null;
        }
    }

    private static boolean isToken(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) == '$') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || SEPARATORS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPath(String path) {
        if (path.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ';') {
                return false;
            }
        }
        return true;
    }
}
