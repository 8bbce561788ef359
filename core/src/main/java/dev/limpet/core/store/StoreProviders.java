package dev.limpet.core.store;

import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreBackendProvider;
import dev.limpet.core.store.spi.StoreOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link StoreBackendProvider} for a store URI with {@link ServiceLoader}. Stateless.
 */
public final class StoreProviders {

    /** The schemes Limpet's own modules handle, for error messages. */
    public static final String KNOWN_SCHEMES = "memory: (limpet-core), redis:// rediss:// redis-sentinel:// "
            + "rediss-sentinel:// redis-cluster:// rediss-cluster:// (limpet-store-redis), memcached:// "
            + "(limpet-store-memcached), jdbc: (limpet-store-jdbc)";

    private StoreProviders() {
    }

    /**
     * Opens a backend with the first provider on {@code loader} that supports the URI.
     *
     * @param options the store URI and settings
     * @param loader  where to look for providers (in Tomcat: the loader that holds the Limpet jars)
     * @return the opened backend
     * @throws StoreException if no provider supports the URI (the message lists the known schemes and the
     *                        providers found), or the provider refuses the settings or cannot connect
     */
    public static StoreBackend open(StoreOptions options, ClassLoader loader) throws StoreException {
        List<String> found = new ArrayList<>();
        try {
            for (StoreBackendProvider provider : ServiceLoader.load(StoreBackendProvider.class, loader)) {
                found.add(provider.getClass().getName());
                if (provider.supports(options.storeUri())) {
                    return provider.open(options);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new StoreException("a store provider failed to load: " + e.getMessage(), e);
        }
        throw new StoreException("no store provider for [" + options.redactedStoreUri() + "]; known schemes: "
                + KNOWN_SCHEMES + "; providers on the class path: " + found
                + " (put the store module's jar next to limpet-core)");
    }
}
