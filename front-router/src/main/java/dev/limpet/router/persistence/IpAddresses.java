package dev.limpet.router.persistence;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals and CIDR prefixes without DNS: only numeric IPv4 ({@code 192.0.2.1}) and IPv6
 * ({@code 2001:db8::1}, {@code ::ffff:192.0.2.1}) literals are accepted, with an optional {@code :port}
 * (IPv4) or {@code [..]:port} (IPv6) and IPv6 zone ({@code %eth0}) stripped. Stateless and thread-safe.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /**
     * @param text untrusted text (e.g. one {@code X-Forwarded-For} entry), possibly {@code null}
     * @return the address bytes (4 or 16; IPv4-mapped IPv6 yields 4), or {@code null} when not a literal
     */
    public static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') > 0) {
            s = s.substring(0, s.indexOf(':'));
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || s.length() > 45 || !isLiteralSyntax(s)) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * A dotted quad of decimal parts 0..255 without leading zeros (IPv4), or hex digits, colons and dots with
     * at least one colon that starts with a hex digit or a colon (IPv6). {@link InetAddress#getByName} looks
     * up anything else it does not take for a literal (e.g. {@code 999.1.1.1}, {@code .1.2.3}) in DNS, so
     * only these shapes reach it.
     */
    private static boolean isLiteralSyntax(String s) {
        boolean colon = s.indexOf(':') >= 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || colon && (c == ':' || c >= 'a' && c <= 'f'
                    || c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return colon ? s.charAt(0) == ':' || Character.digit(s.charAt(0), 16) >= 0 : isDottedQuad(s);
    }

    private static boolean isDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0'
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * A CIDR prefix such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address means the full length.
     *
     * @param network the network address bytes (4 or 16)
     * @param bits    the prefix length, 0..32 or 0..128
     */
    public record Cidr(byte[] network, int bits) {

        /**
         * @param text {@code ADDRESS[/BITS]}
         * @return the prefix
         * @throws IllegalArgumentException if the text is not a CIDR prefix
         */
        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an IP address or CIDR prefix [" + text + "]");
            }
            int max = address.length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("prefix length must be 0.." + max + " in [" + text + "]");
                }
            }
            return new Cidr(mask(address, bits), bits);
        }

        /** @return whether the address lies in this prefix */
        public boolean contains(byte[] address) {
            return address != null && address.length == network.length
                    && java.util.Arrays.equals(mask(address, bits), network);
        }
    }

    /**
     * @param address address bytes
     * @param bits    how many leading bits to keep
     * @return a copy with every later bit cleared
     */
    public static byte[] mask(byte[] address, int bits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] = (byte) (out[i] & (0xff00 >> keep));
        }
        return out;
    }
}
