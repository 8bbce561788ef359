package dev.limpet.router.admin;

import java.util.Locale;

/**
 * Defends the unauthenticated read endpoints of a loopback admin listener against DNS rebinding: a web page on a
 * hostile domain whose name is made to resolve to 127.0.0.1 can make a browser send requests to the admin port,
 * but the browser then sends that domain in {@code Host}. Only a {@code Host} naming a loopback address,
 * {@code localhost} (or a name under {@code .localhost}, RFC 6761) or the configured listen host is accepted.
 * Stateless and thread-safe.
 */
final class HostCheck {

    private final String listenHost;

    /** @param listenHost the {@code admin.listen} host */
    HostCheck(String listenHost) {
        this.listenHost = strip(listenHost.toLowerCase(Locale.ROOT));
    }

    /**
     * @param hostHeader the request's {@code Host} header (with or without port), or {@code null}
     * @return whether a read without a token may be answered
     */
    boolean allowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return false;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(1, end);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals(listenHost) || host.equals("localhost") || host.endsWith(".localhost")
                || host.equals("::1") || host.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
