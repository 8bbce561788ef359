package dev.limpet.core.store;

/**
 * Told, when a session is serialized, about a class in an attribute's value that deserialization would refuse
 * (see {@link SessionSerializer}), so that the problem shows when the session is backed up rather than when
 * another node takes it over. Called at most once per class name per {@link SessionSerializer}, on the thread
 * that serializes; the bytes are written all the same. Implementations must be thread-safe and must not throw.
 */
@FunctionalInterface
public interface RefusedClassListener {

    /**
     * @param attributeName the session attribute whose value holds the class
     * @param className     the class's binary name (arrays as their element type)
     * @param knownGadget   {@code true} if it is a known deserialization gadget type, which no setting admits
     */
    void refused(String attributeName, String className, boolean knownGadget);
}
