package dev.limpet.core.config;

/**
 * Validates the names that travel in HTTP: cookie names (RFC 6265 §4.1.1 {@code cookie-name = token}) and header
 * names (RFC 9110 §5.1 {@code field-name = token}). Stateless.
 */
public final class Names {

    /** Longest name accepted, in characters: longer ones are typing errors, not names. */
    public static final int MAX_LENGTH = 64;

    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={}";

    private Names() {
    }

    /**
     * @param text a name, or {@code null}
     * @return whether it is an RFC 9110 token (visible ASCII, no separator) of 1..{@link #MAX_LENGTH} characters
     */
    public static boolean isToken(String text) {
        return text != null && !text.isEmpty() && text.length() <= MAX_LENGTH
                && text.chars().allMatch(c -> c > 32 && c < 127 && SEPARATORS.indexOf(c) < 0);
    }

    /**
     * @param text a cookie name
     * @return {@code null} when it is a valid cookie name, else the problem, e.g. {@code must be a cookie name
     *         (RFC 6265 token, 1..64 characters), was [a b]}
     */
    public static String cookieNameProblem(String text) {
        return isToken(text) ? null : "must be a cookie name (RFC 6265 token, 1.." + MAX_LENGTH + " characters), was ["
                + text + "]";
    }

    /**
     * @param text a header name
     * @return {@code null} when it is a valid header name, else the problem
     */
    public static String headerNameProblem(String text) {
        return isToken(text) ? null : "must be a header name (RFC 9110 token, 1.." + MAX_LENGTH + " characters), was ["
                + text + "]";
    }
}
