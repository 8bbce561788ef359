package dev.limpet.router.balance;

import dev.limpet.core.config.Names;
import dev.limpet.router.persistence.ClientRequest;
import java.util.Locale;

/**
 * What {@code consistent-hash} hashes ({@code balance.hashKey}): {@code source-ip} (the peer address, HAProxy
 * {@code balance source}), {@code header:NAME} (HAProxy {@code balance hdr(NAME)}), {@code cookie:NAME}
 * (HAProxy {@code balance rdp-cookie}-like, any cookie) or {@code path} (HAProxy {@code balance uri}, without
 * the query). A request without the key is balanced round robin. Immutable and thread-safe.
 *
 * @param kind what is read
 * @param name the header or cookie name, or {@code null}
 */
public record HashKey(Kind kind, String name) {

    /** The supported key kinds. */
    public enum Kind { SOURCE_IP, HEADER, COOKIE, PATH }

    /** The default key: the client's IP address. */
    public static final HashKey SOURCE_IP = new HashKey(Kind.SOURCE_IP, null);

    /**
     * @param text a configuration value
     * @return the key, or {@code null} when {@code text} is not one of the forms above
     */
    public static HashKey parse(String text) {
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("source-ip")) {
            return SOURCE_IP;
        }
        if (lower.equals("path")) {
            return new HashKey(Kind.PATH, null);
        }
        int colon = text.indexOf(':');
        String name = colon < 0 ? "" : text.substring(colon + 1);
        if (!Names.isToken(name)) {
            return null;
        }
        if (lower.startsWith("header:")) {
            return new HashKey(Kind.HEADER, name);
        }
        return lower.startsWith("cookie:") ? new HashKey(Kind.COOKIE, name) : null;
    }

    /**
     * @param request the client-to-proxy request
     * @return the key's value in the request, or {@code null} when absent or empty
     */
    public String read(ClientRequest request) {
        String value = switch (kind) {
            case SOURCE_IP -> request.remoteAddress();
            case HEADER -> request.header(name);
            case COOKIE -> request.cookie(name);
            case PATH -> request.rawPath();
        };
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SOURCE_IP -> "source-ip";
            case PATH -> "path";
            case HEADER -> "header:" + name;
            case COOKIE -> "cookie:" + name;
        };
    }
}
