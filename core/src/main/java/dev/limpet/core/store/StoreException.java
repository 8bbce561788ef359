package dev.limpet.core.store;

/**
 * Base of every failure a session store reports. Subclasses say which kind: the store cannot be reached
 * ({@link StoreUnavailableException}), an entry exists but must not be used ({@link UnreadableSessionException}),
 * or a save lost an optimistic-versioning race ({@link VersionConflictException}). "Absent" is never an
 * exception: it is an empty result.
 */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, with values in [brackets]; never a secret or a whole session id */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause   the client library's exception
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
