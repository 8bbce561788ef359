package dev.limpet.core.store.memory;

import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreBackendProvider;
import dev.limpet.core.store.spi.StoreOptions;

/**
 * Provides {@link MemoryStoreBackend}s for the URI {@code memory:} (anything after the colon is ignored).
 * Every {@link #open} returns a new, empty store: two applications never share one. Stateless.
 */
public final class MemoryStoreBackendProvider implements StoreBackendProvider {

    /** The URI scheme, with its colon. */
    public static final String SCHEME = "memory:";

    @Override
    public boolean supports(String storeUri) {
        return storeUri != null && storeUri.startsWith(SCHEME);
    }

    @Override
    public StoreBackend open(StoreOptions options) {
        return new MemoryStoreBackend();
    }
}
