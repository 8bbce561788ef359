package dev.limpet.sessions;

import dev.limpet.core.store.AttributesHash;

/**
 * The stages of write avoidance after a request (docs/architecture.md §4; memcached-session-manager's order), cheapest
 * first. The first two stages ({@code IGNORED_URI}, {@code NOT_ACCESSED}) are decided at the request boundary
 * without looking at the session; the last two need the session's flags and the hash of its serialized
 * attributes. A skipped write may still refresh the store's expiry ({@link ExpiryRefresh}).
 */
public enum WriteDecision {
    /** The request URI matched {@code requestUriIgnorePattern}: the session is not looked at. */
    SKIP_IGNORED_URI,
    /** The request did not access the session. */
    SKIP_NOT_ACCESSED,
    /**
     * The request accessed the session but set or removed no attribute and read none that may change in place
     * (only values of {@link ImmutableValues immutable types}, or none), and the store has it already.
     */
    SKIP_ATTRIBUTES_NOT_ACCESSED,
    /**
     * The attributes serialize to the same bytes (same 128-bit hash) as the stored copy. Reached only when an
     * attribute was set or removed, or a value that may change in place was read (see
     * {@code LimpetSession}); a request that read only immutable values stops at the stage before.
     */
    SKIP_UNCHANGED,
    /** The session must be written. */
    WRITE;

    /**
     * The decision that needs no serialization.
     *
     * @param attributesAccessed whether an attribute was set or removed, or a value that may change in place
     *                           was read, since the last backup
     * @param metadataChanged    whether the idle timeout or the id changed, or the session is new
     * @param stored             the hash of the stored copy, {@code null} if the store does not have it
     * @return {@link #SKIP_ATTRIBUTES_NOT_ACCESSED}, or {@code null} when the attributes must be hashed
     */
    public static WriteDecision withoutHashing(boolean attributesAccessed, boolean metadataChanged,
                                               AttributesHash stored) {
        return !attributesAccessed && !metadataChanged && stored != null ? SKIP_ATTRIBUTES_NOT_ACCESSED : null;
    }

    /**
     * The basis of the last stage: the session is {@link #SKIP_UNCHANGED} if its attributes hash to what this
     * returns, else {@link #WRITE}.
     *
     * @param stored          the hash of the stored copy, {@code null} if the store does not have it
     * @param metadataChanged whether the idle timeout or the id changed, or the session is new
     * @return {@code stored}, or {@code null} when the session must be written whatever its attributes hash to
     */
    public static AttributesHash unchangedIf(AttributesHash stored, boolean metadataChanged) {
        return metadataChanged ? null : stored;
    }
}
