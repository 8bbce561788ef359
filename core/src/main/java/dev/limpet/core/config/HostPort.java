package dev.limpet.core.config;

/**
 * A {@code HOST:PORT} pair as written in configuration: {@code 10.0.0.5:8080}, {@code cache.example:6379},
 * {@code [::1]:7000} (an IPv6 address in brackets, RFC 3986 §3.2.2), or a host alone where a default port applies.
 * Immutable.
 *
 * @param host the host name or address, IPv6 without brackets; never empty
 * @param port the port, within the range the caller asked for
 */
public record HostPort(String host, int port) {

    /**
     * @param text        the text, surrounding white space ignored
     * @param defaultPort the port of a host written alone, or -1 when the port is required
     * @param minPort     the lowest port accepted (0 to bind a free port, else 1); the highest is 65535
     * @return the pair
     * @throws IllegalArgumentException naming the fault: no port, bad port, empty host, unclosed bracket
     */
    public static HostPort parse(String text, int defaultPort, int minPort) {
        String t = text.strip();
        String host = t;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ of an IPv6 address");
            }
            host = t.substring(1, close);
            String after = t.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new IllegalArgumentException("text after the IPv6 address");
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else if (t.lastIndexOf(':') >= 0) {
            host = t.substring(0, t.lastIndexOf(':'));
            port = t.substring(t.lastIndexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port == null && defaultPort < 0) {
            throw new IllegalArgumentException("no port");
        }
        return new HostPort(host, port == null ? defaultPort : port(port, minPort));
    }

    private static int port(String text, int minPort) {
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int port = Integer.parseInt(text);
            if (port >= minPort && port <= 65_535) {
                return port;
            }
        }
        throw new IllegalArgumentException("port must be " + minPort + "..65535, was [" + text + "]");
    }

    /** @return {@code host:port}, an IPv6 host in brackets */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
