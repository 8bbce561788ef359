package dev.limpet.core.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the query of a URI ({@code a=1&b=x%2Fy}) into its parameters and percent-decodes them (RFC 3986 §2.1;
 * {@code +} stays a plus sign, as in a URI, unlike an HTML form). A bad escape is reported by the part it is in,
 * never by its text, which may be a password. Stateless.
 */
public final class QueryStrings {

    private QueryStrings() {
    }

    /**
     * One {@code name=value} pair as written.
     *
     * @param raw      the pair as written
     * @param rawName  the name as written, before decoding
     * @param rawValue the value as written, or {@code null} when the pair has no {@code =}
     */
    public record Parameter(String raw, String rawName, String rawValue) {

        /** @return the decoded name @throws IllegalArgumentException on a bad escape */
        public String name() {
            return decode(rawName, "parameter name");
        }

        /** @return the decoded value, "" when there is none @throws IllegalArgumentException on a bad escape */
        public String value() {
            return rawValue == null ? "" : decode(rawValue, "value of a parameter");
        }
    }

    /**
     * @param query the text after {@code ?}, or {@code null}
     * @return its non-empty {@code &}-separated pairs, in order
     */
    public static List<Parameter> parse(String query) {
        List<Parameter> out = new ArrayList<>();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.add(new Parameter(pair, eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? null : pair.substring(eq + 1)));
            }
        }
        return out;
    }

    /**
     * @param text percent-encoded text
     * @param what names the part in an error message, e.g. {@code password}
     * @return the decoded text (UTF-8)
     * @throws IllegalArgumentException {@code bad percent-escape in the <what>}
     */
    public static String decode(String text, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int next = text.indexOf('%', i);
            if (next != i) {
                next = next < 0 ? text.length() : next;
                bytes.writeBytes(text.substring(i, next).getBytes(StandardCharsets.UTF_8));
                i = next;
                continue;
            }
            int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
            if (lo < 0) {
                throw new IllegalArgumentException("bad percent-escape in the " + what);
            }
            bytes.write(hi * 16 + lo);
            i += 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
