package dev.limpet.sessions;

import dev.limpet.core.store.SessionSerializer;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Names the attribute that made a session's serialization fail — the one a log line must show, since the
 * exception names only the class deep inside it that is not serializable. Runs only after a failure: it
 * serializes the attributes one at a time, in the map's order, until one fails. Stateless.
 */
public final class UnserializableAttributes {

    private UnserializableAttributes() {
    }

    /**
     * @param attributes the attributes that failed to serialize together
     * @param serializer the store's serializer
     * @return the name of the first attribute that does not serialize on its own, with its failure; empty if each
     *         serializes alone (the failure came from their combination or was transient)
     */
    public static Optional<Map.Entry<String, Exception>> first(Map<String, ?> attributes, SessionSerializer serializer) {
        for (Map.Entry<String, ?> attribute : attributes.entrySet()) {
            try {
                serializer.serialize(Map.of(attribute.getKey(), attribute.getValue()));
            } catch (IOException | RuntimeException e) {
                return Optional.of(Map.entry(attribute.getKey(), e));
            }
        }
        return Optional.empty();
    }
}
