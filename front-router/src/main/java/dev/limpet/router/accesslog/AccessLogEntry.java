package dev.limpet.router.accesslog;

import java.time.Instant;

/**
 * One request as the access log records it; captured on the request thread, formatted on the writer thread.
 *
 * @param timeMillis     when the request began, epoch milliseconds
 * @param client         the peer address
 * @param method         the HTTP method
 * @param path           the raw path (no query: it may carry secrets)
 * @param status         the response status
 * @param bytes          response body bytes written
 * @param durationMicros from the request's first byte to completion, in microseconds
 * @param favoured       Stingray {@code %F}: the node the persistence method named, or {@code -}
 * @param required       Stingray {@code %N}: the node the decision chose, or {@code -}
 * @param actual         Stingray {@code %n}: the node of the last attempt, or {@code -}
 * @param pinnedBy       the persistence method that pinned the request, or {@code none}
 * @param moved          why it left its favoured node ({@code down}, {@code disabled}, {@code unknown},
 *                       {@code retry}), or {@code -}
 * @param retries        retries on other nodes
 */
record AccessLogEntry(long timeMillis, String client, String method, String path, int status, long bytes,
                      long durationMicros, String favoured, String required, String actual, String pinnedBy,
                      String moved, int retries) {

    /** Longest path written; longer ones are cut and end in {@code ...}. */
    static final int MAX_PATH = 1024;

    /**
     * {@code text}: {@code TIME CLIENT "METHOD PATH" STATUS BYTES DURATIONus F=.. N=.. n=.. method=.. moved=..
     * retries=..}.
     */
    String text() {
        return Instant.ofEpochMilli(timeMillis) + " " + client + " \"" + method + " " + safe(path) + "\" " + status
                + " " + bytes + " " + durationMicros + "us F=" + favoured + " N=" + required + " n=" + actual
                + " method=" + pinnedBy + " moved=" + moved + " retries=" + retries;
    }

    /** {@code json}: one object per line with the same fields. */
    String json() {
        return "{\"time\":\"" + Instant.ofEpochMilli(timeMillis) + "\",\"client\":\"" + safe(client)
                + "\",\"method\":\"" + safe(method) + "\",\"path\":\"" + safe(path) + "\",\"status\":" + status
                + ",\"bytes\":" + bytes + ",\"durationMicros\":" + durationMicros + ",\"favoured\":\"" + favoured
                + "\",\"required\":\"" + required + "\",\"actual\":\"" + actual + "\",\"pinnedBy\":\"" + pinnedBy
                + "\",\"moved\":\"" + moved + "\",\"retries\":" + retries + "}";
    }

    /**
     * @return {@code value} with every character outside printable ASCII, space, {@code "} and {@code \} written as
     *         {@code %XX} (so a line can neither be split nor forged, and is valid inside a JSON string), cut to
     *         {@value #MAX_PATH} characters
     */
    static String safe(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder b = null;
        int n = Math.min(value.length(), MAX_PATH);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean plain = c > 32 && c < 127 && c != '"' && c != '\\';
            if (!plain && b == null) {
                b = new StringBuilder(n + 16).append(value, 0, i);
            }
            if (b != null) {
                if (plain) {
                    b.append(c);
                } else {
                    b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
        }
        String out = b == null ? value.substring(0, n) : b.toString();
        return value.length() > MAX_PATH ? out + "..." : out;
    }
}
