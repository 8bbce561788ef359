package dev.limpet.core.store;

import java.util.Map;

/**
 * A session as loaded from a store: verified, deserialized with the webapp class loader and the
 * {@link java.io.ObjectInputFilter}.
 *
 * @param sessionId      the route-less session id it was stored under
 * @param metadata       times, idle timeout, last route
 * @param attributes     the attributes, an unmodifiable map in name order
 * @param version        the stored version: pass it as {@code expectedVersion} to the next
 *                       {@link SessionStore#save}
 * @param attributesHash hash of the serialized attribute bytes, to compare with the next save's bytes
 */
public record StoredSession(String sessionId, SessionMetadata metadata, Map<String, Object> attributes,
                            long version, AttributesHash attributesHash) {
}
