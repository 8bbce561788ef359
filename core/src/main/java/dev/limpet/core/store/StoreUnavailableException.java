package dev.limpet.core.store;

/**
 * The store could not be reached or did not answer within its operation timeout (connection refused,
 * timeout, pool exhausted, server error). Callers degrade: serve local sessions, retry later.
 */
public class StoreUnavailableException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public StoreUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause   the client library's exception
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
