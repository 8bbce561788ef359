package dev.limpet.sessions;

import dev.limpet.core.store.StoreUnavailableException;

/**
 * The store did not answer a read that must not degrade (non-sticky mode with {@code failOnStoreError}): the
 * adapter answers 503 with {@code Retry-After}. Unchecked, so that it crosses the container's session lookup.
 */
public final class StoreDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param cause the store's failure */
    public StoreDownException(StoreUnavailableException cause) {
        super(cause.getMessage(), cause);
    }
}
