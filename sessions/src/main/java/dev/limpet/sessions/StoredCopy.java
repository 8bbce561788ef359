package dev.limpet.sessions;

import dev.limpet.core.store.spi.StoredVersion;
import java.util.Optional;

/**
 * How a node's local copy of a session compares with the store, from one version-only read: what a node does
 * before it trusts a copy that may have been taken over elsewhere (a request whose session id names another
 * route, an expiry refresh). Stateless.
 */
public enum StoredCopy {
    /** The store holds the version this node last loaded or wrote: the local copy is the live one. */
    CURRENT,
    /** Another node wrote the session since: the local copy is stale; drop it and load the store's. */
    NEWER,
    /** The session was invalidated or expired elsewhere (a tombstone): drop the local copy, no session. */
    ENDED,
    /** The store has no entry (restarted empty, evicted): the local copy is the only one; write it again. */
    LOST;

    /**
     * @param localVersion the version this node last loaded or wrote; 0 if it never did
     * @param stored       the store's answer
     * @return the comparison
     */
    public static StoredCopy of(long localVersion, Optional<StoredVersion> stored) {
        if (stored.isEmpty()) {
            return LOST;
        }
        if (stored.get().tombstone()) {
            return ENDED;
        }
        return stored.get().version() == localVersion ? CURRENT : NEWER;
    }
}
