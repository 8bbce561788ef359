package dev.limpet.sessions;

import java.util.List;
import java.util.Locale;

/**
 * The validated attributes of the {@code X-Backend} cookie, as Tomcat's {@code BackendCookieValve} attributes and
 * the servlet {@code BackendCookieFilter}'s init parameters of the same names set them ({@code cookieName},
 * {@code maxAgeSeconds}, {@code secure}, {@code httpOnly}, {@code sameSite}, {@code path}); each adapter builds its
 * container's cookie from them. Cookie name and path follow RFC 6265 §4.1.1.
 *
 * <p>Immutable and thread-safe.
 */
public final class CookieSettings {

    /** Largest accepted {@code maxAgeSeconds}: one year. */
    public static final int MAX_AGE_LIMIT_SECONDS = 365 * 24 * 3600;
    /** The token lifetime used with {@code maxAgeSeconds = -1} when the Context's sessions never time out. */
    public static final int FALLBACK_LIFETIME_SECONDS = 1800;
    /** {@code sameSite} value that leaves the attribute to the Context's CookieProcessor. */
    public static final String SAME_SITE_UNSET = "unset";

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
     * @param cookieName    an RFC 6265 token
     * @param maxAgeSeconds 1..{@value #MAX_AGE_LIMIT_SECONDS}, or -1 for a browser-session cookie
     * @param secure        always mark the cookie {@code Secure}
     * @param httpOnly      mark it {@code HttpOnly}
     * @param sameSite      {@code Strict}, {@code Lax}, {@code None} or {@code unset}, any case
     * @param path          the cookie path, or {@code null}/empty for the adapter's default
     * @param problems      receives one message per problem
     * @return the settings, or {@code null} when a problem was added
     */
    public static CookieSettings validate(String cookieName, int maxAgeSeconds, boolean secure, boolean httpOnly,
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

    /** @return the cookie name */
    public String cookieName() {
        return cookieName;
    }

    /** @return the cookie's {@code Max-Age}, seconds, or -1 (no {@code Max-Age}) */
    public int maxAgeSeconds() {
        return maxAgeSeconds;
    }

    /** @return the canonical SameSite value ({@code Strict}, {@code Lax}, {@code None}) or {@value #SAME_SITE_UNSET} */
    public String sameSite() {
        return sameSite;
    }

    /** @return whether the cookie is always {@code Secure} (else only on secure requests) */
    public boolean secure() {
        return secure;
    }

    /** @return whether the cookie is {@code HttpOnly} */
    public boolean httpOnly() {
        return httpOnly;
    }

    /** @return the configured path, or {@code null}: the adapter's default (the session cookie's path) */
    public String path() {
        return path;
    }

    /** @return whether browsers will drop the cookie on plain HTTP: SameSite=None without forced Secure */
    public boolean sameSiteNoneWithoutSecure() {
        return "None".equals(sameSite) && !secure;
    }

    /**
     * @param sessionTimeoutMinutes the web application's session timeout, minutes; 0 or less: none
     * @return the token lifetime in seconds: {@code maxAgeSeconds}, or with -1 the session timeout
     *         ({@value #FALLBACK_LIFETIME_SECONDS} when sessions never time out)
     */
    public long lifetimeSeconds(int sessionTimeoutMinutes) {
        if (maxAgeSeconds > 0) {
            return maxAgeSeconds;
        }
        return sessionTimeoutMinutes > 0 ? sessionTimeoutMinutes * 60L : FALLBACK_LIFETIME_SECONDS;
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
