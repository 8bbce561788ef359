package dev.limpet.router.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the router's parsing of untrusted request headers (docs/fuzzing.md): the {@code Cookie} header
 * scanner against a plain split-and-trim reading of RFC 6265 §4.2.1 (same answer for every header), and the
 * IP literal and CIDR parsing used for {@code X-Forwarded-For} and trusted proxies (never throws on a header
 * value; a CIDR either parses or fails with {@link IllegalArgumentException}; an address always lies in its
 * own full-length prefix).
 */
class CookieScannerFuzzTest {

    private static final String[] NAMES = {"JSESSIONID", "X-Backend", "LIMPET", "a"};
    private static final String[] PREFIXES = {"ASPSESSIONID", "ASP", "J"};

    @FuzzTest(maxDuration = "10m")
    void scannerAnswersAsASplitOfTheHeader(byte[] input) {
        String header = new String(input, StandardCharsets.UTF_8);
        for (String name : NAMES) {
            assertEquals(reference(header, name, false), CookieScanner.find(header, name), name);
        }
        for (String prefix : PREFIXES) {
            assertEquals(reference(header, prefix, true), CookieScanner.findWithPrefix(header, prefix), prefix);
        }
    }

    /** Input: a value, then the rest of a header it is appended to as {@code JSESSIONID=value}. */
    @FuzzTest(maxDuration = "10m")
    void aCookieAddedToAHeaderIsFound(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String value = newline < 0 ? text : text.substring(0, newline);
        String others = newline < 0 ? "" : text.substring(newline + 1);
        if (!isCookieValue(value) || reference(others, "JSESSIONID", false) != null) {
            return;
        }
        String header = others.isEmpty() ? "JSESSIONID=" + value : others + "; JSESSIONID=" + value;
        String found = CookieScanner.find(header, "JSESSIONID");
        assertEquals(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value, found, header);
    }

    @FuzzTest(maxDuration = "10m")
    void ipLiteralsAndCidrsParseOrAreRefused(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        byte[] address = IpAddresses.parse(text);
        if (address != null) {
            assertTrue(address.length == 4 || address.length == 16, "address of " + address.length + " bytes");
            IpAddresses.Cidr full = new IpAddresses.Cidr(address, address.length * 8);
            assertTrue(full.contains(address));
            assertArrayEquals(address, IpAddresses.mask(address, address.length * 8));
            if (text.indexOf(':') < 0) {
                // Without a colon only a canonical dotted quad is an address: anything else would be a DNS name.
                String literal = text.trim();
                literal = literal.indexOf('%') < 0 ? literal : literal.substring(0, literal.indexOf('%'));
                literal = literal.startsWith("[") ? literal.substring(1, literal.indexOf(']')) : literal;
                assertEquals(literal, (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff)
                        + "." + (address[3] & 0xff));
            }
        }
        IpAddresses.Cidr cidr;
        try {
            cidr = IpAddresses.Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertTrue(cidr.bits() >= 0 && cidr.bits() <= cidr.network().length * 8);
        assertTrue(cidr.contains(cidr.network()));
    }

    /** RFC 6265 §4.2.1 read plainly: split at {@code ;}, trim blanks, first {@code =} splits name and value. */
    static String reference(String header, String name, boolean prefix) {
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";", -1)) {
            String trimmed = strip(pair);
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String cookieName = strip(trimmed.substring(0, eq));
            boolean matches = prefix ? trimmed.startsWith(name) : cookieName.equals(name) && trimmed.startsWith(name);
            if (matches) {
                String value = strip(trimmed.substring(eq + 1));
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return prefix ? cookieName + "=" + value : value;
            }
        }
        return null;
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** RFC 6265 cookie-octets, optionally in double quotes. */
    private static boolean isCookieValue(String value) {
        String inner = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        for (char c : inner.toCharArray()) {
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
