package dev.limpet.core.token;

/**
 * A verified affinity token: which route a client is pinned to, since when and until when.
 *
 * @param keyId          the id of the key that signed it
 * @param route          the pinned route (Tomcat {@code jvmRoute})
 * @param createdSeconds when the pin was first issued, Unix seconds (kept across refreshes, for a
 *                       HAProxy-style {@code maxlife})
 * @param expiresSeconds when the token stops being accepted, Unix seconds
 */
public record AffinityToken(String keyId, String route, long createdSeconds, long expiresSeconds) {
}
