package dev.limpet.core.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks of untrusted session ids and namespaces before they reach a store key, and the log-safe form of an
 * id. A valid session id is 1 to {@value #MAX_SESSION_ID_LENGTH} characters of {@code [A-Za-z0-9_-]}: this
 * covers Tomcat's hex ids (any {@code sessionIdLength}), Jetty's {@code node0…} ids and base64url ids, with the
 * route already removed ({@link dev.limpet.core.route.RouteCodec}). Stateless and thread-safe.
 */
public final class SessionIds {

    /** Longest accepted route-less session id, characters. */
    public static final int MAX_SESSION_ID_LENGTH = 128;
    /** Longest accepted namespace, characters. */
    public static final int MAX_NAMESPACE_LENGTH = 64;

    private SessionIds() {
    }

    /**
     * @param sessionId untrusted input, possibly {@code null}
     * @return whether it may be used in a store key
     */
    public static boolean isValidSessionId(String sessionId) {
        return sessionId != null && !sessionId.isEmpty() && sessionId.length() <= MAX_SESSION_ID_LENGTH
                && isIdCharsOnly(sessionId);
    }

    /**
     * @param namespace an application's key namespace
     * @return whether it is 1 to 64 characters of {@code [A-Za-z0-9_./-]}
     */
    public static boolean isValidNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty() || namespace.length() > MAX_NAMESPACE_LENGTH) {
            return false;
        }
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            if (!isIdChar(c) && c != '.' && c != '/') {
                return false;
            }
        }
        return true;
    }

    /**
     * @param text any text
     * @return whether every character is in {@code [A-Za-z0-9_-]} (true for the empty string)
     */
    public static boolean isIdCharsOnly(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isIdChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param sessionId any text, possibly invalid or {@code null}
     * @return a log-safe stand-in: {@code "#"} and 8 hex digits of its SHA-256; never the id itself
     */
    public static String logHint(String sessionId) {
        if (sessionId == null) {
            return "#null";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    private static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
