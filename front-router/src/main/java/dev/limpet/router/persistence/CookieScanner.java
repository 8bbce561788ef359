package dev.limpet.router.persistence;

/**
 * Finds one cookie in a {@code Cookie} request header value (RFC 6265 §4.2.1: {@code name=value} pairs
 * separated by {@code ;}) without splitting the header or building a map. Lenient like browsers and Tomcat:
 * white space around names and values is skipped, a value in double quotes is unquoted, pairs without
 * {@code =} are skipped. No regular expressions. Stateless and thread-safe.
 */
public final class CookieScanner {

    private CookieScanner() {
    }

    /**
     * @param header a {@code Cookie} header value, possibly {@code null}
     * @param name   the cookie name, matched exactly
     * @return the first value of that cookie, or {@code null}
     */
    public static String find(String header, String name) {
        return scan(header, name, false, null);
    }

    /**
     * @param header a {@code Cookie} header value, possibly {@code null}
     * @param name   the cookie name, matched exactly
     * @param values where every value of that cookie is added, in header order
     */
    public static void findAll(String header, String name, java.util.List<String> values) {
        scan(header, name, false, values);
    }

    /**
     * @param header a {@code Cookie} header value, possibly {@code null}
     * @param prefix a cookie-name prefix, e.g. {@code ASPSESSIONID}
     * @return {@code name=value} of the first cookie whose name starts with {@code prefix} (value unquoted),
     *         or {@code null}
     */
    public static String findWithPrefix(String header, String prefix) {
        return scan(header, prefix, true, null);
    }

    /** @return the first match, or null; with {@code all}, adds every match there and returns null */
    private static String scan(String header, String name, boolean prefix, java.util.List<String> all) {
        if (header == null) {
            return null;
        }
        int len = header.length();
        int i = 0;
        while (i < len) {
            while (i < len && (isBlank(header.charAt(i)) || header.charAt(i) == ';')) {
                i++;
            }
            int end = header.indexOf(';', i);
            if (end < 0) {
                end = len;
            }
            if (header.startsWith(name, i)) {
                int eq = prefix ? header.indexOf('=', i) : i + name.length();
                while (!prefix && eq < end && isBlank(header.charAt(eq))) {
                    eq++;
                }
                if (eq >= 0 && eq < end && header.charAt(eq) == '=') {
                    String value = value(header, eq + 1, end);
                    if (all == null) {
                        return prefix ? value(header, i, eq) + '=' + value : value;
                    }
                    all.add(value);
                }
            }
            i = end + 1;
        }
        return null;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static String value(String header, int start, int end) {
        while (start < end && (header.charAt(start) == ' ' || header.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (header.charAt(end - 1) == ' ' || header.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end - start >= 2 && header.charAt(start) == '"' && header.charAt(end - 1) == '"') {
            start++;
            end--;
        }
        return header.substring(start, end);
    }
}
