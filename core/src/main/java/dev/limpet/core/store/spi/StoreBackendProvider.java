package dev.limpet.core.store.spi;

import dev.limpet.core.store.StoreException;

/**
 * Creates {@link StoreBackend}s for URIs of one scheme; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.limpet.core.store.spi.StoreBackendProvider}).
 */
public interface StoreBackendProvider {

    /**
     * @param storeUri the configured URI, e.g. {@code redis://host:6379/0}, {@code memcached://h1:11211,h2:11211},
     *                 {@code jdbc:postgresql://…}, {@code memory:}
     * @return whether this provider handles it (by scheme)
     */
    boolean supports(String storeUri);

    /**
     * @param options the store URI and settings
     * @return a connected backend
     * @throws StoreException if the URI or settings are invalid ({@code StoreException}) or the store cannot be
     *                        reached at start and the provider cannot connect lazily
     */
    StoreBackend open(StoreOptions options) throws StoreException;
}
