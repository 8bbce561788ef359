package dev.limpet.sessions;

import dev.limpet.core.store.AttributesHash;

/**
 * The stages of write avoidance after a request (DESIGN.md §4; memcached-session-manager's order), cheapest
 * first. The first two stages ({@code IGNORED_URI}, {@code NOT_ACCESSED}) are decided at the request boundary
 * without looking at the session; the last two need the session's flags and the hash of its serialized
 * attributes. A skipped write may still refresh the store's expiry ({@link ExpiryRefresh}).
 */
public enum WriteDecision {
    /** The request URI matched {@code requestUriIgnorePattern}: the session is not looked at. */
    SKIP_IGNORED_URI,
    /** The request did not access the session. */
    SKIP_NOT_ACCESSED,
    /** The request accessed the session but read and wrote no attribute, and the store has it already. */
    SKIP_ATTRIBUTES_NOT_ACCESSED,
    /** The attributes serialize to the same bytes (same 128-bit hash) as the stored copy. */
    SKIP_UNCHANGED,
    /** The session must be written. */
    WRITE;

    /**
     * The decision that needs no serialization.
     *
     * @param attributesAccessed whether an attribute was read, listed, set or removed since the last backup
     * @param metadataChanged    whether the idle timeout or the id changed, or the session is new
     * @param stored             the hash of the stored copy, {@code null} if the store does not have it
     * @return {@link #SKIP_ATTRIBUTES_NOT_ACCESSED}, or {@code null} when the attributes must be hashed
     */
    public static WriteDecision withoutHashing(boolean attributesAccessed, boolean metadataChanged,
                                               AttributesHash stored) {
        return !attributesAccessed && !metadataChanged && stored != null ? SKIP_ATTRIBUTES_NOT_ACCESSED : null;
    }

    /**
     * @param stored          the hash of the stored copy, {@code null} if the store does not have it
     * @param current         the hash of the attributes now
     * @param metadataChanged whether the idle timeout or the id changed, or the session is new
     * @return {@link #SKIP_UNCHANGED} or {@link #WRITE}
     */
    public static WriteDecision afterHashing(AttributesHash stored, AttributesHash current, boolean metadataChanged) {
        return !metadataChanged && current.equals(stored) ? SKIP_UNCHANGED : WRITE;
    }
}
