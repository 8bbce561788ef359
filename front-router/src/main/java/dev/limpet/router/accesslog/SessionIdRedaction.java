package dev.limpet.router.accesslog;

/**
 * Hides session ids carried in the path, as the access log already hides the query: the value of every
 * {@code ;jsessionid=} path parameter (Servlet URL rewriting; name in any case) becomes {@code REDACTED}, so a log
 * reader cannot take over the session. Stateless and thread-safe.
 */
final class SessionIdRedaction {

    private static final String PARAMETER = ";jsessionid=";
    static final String REDACTED = "REDACTED";

    private SessionIdRedaction() {
    }

    /**
     * @param path a raw request path (path parameters included), possibly {@code null}
     * @return the path with each {@code ;jsessionid=} value (up to the next {@code ;}, {@code /} or the end)
     *         replaced by {@link #REDACTED}; the same instance when there is none
     */
    static String redact(String path) {
        if (path == null || path.indexOf(';') < 0) {
            return path;
        }
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (true) {
            int at = indexOfIgnoreCase(path, from);
            if (at < 0) {
                break;
            }
            int value = at + PARAMETER.length();
            int end = value;
            while (end < path.length() && path.charAt(end) != ';' && path.charAt(end) != '/') {
                end++;
            }
            if (out == null) {
                out = new StringBuilder(path.length());
            }
            out.append(path, copied, value).append(REDACTED);
            copied = end;
            from = end;
        }
        return out == null ? path : out.append(path, copied, path.length()).toString();
    }

    private static int indexOfIgnoreCase(String path, int from) {
        for (int i = path.indexOf(';', from); i >= 0; i = path.indexOf(';', i + 1)) {
            if (path.regionMatches(true, i, PARAMETER, 0, PARAMETER.length())) {
                return i;
            }
        }
        return -1;
    }
}
