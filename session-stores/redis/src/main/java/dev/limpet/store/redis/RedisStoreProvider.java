package dev.limpet.store.redis;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreBackendProvider;
import dev.limpet.core.store.spi.StoreOptions;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Provides {@link RedisStoreBackend}s for {@code redis://}, {@code rediss://}, {@code redis-sentinel://},
 * {@code rediss-sentinel://}, {@code redis-cluster://} and {@code rediss-cluster://} URIs (forms in
 * {@link RedisUri}; properties in {@link RedisClients}). Stateless.
 */
public final class RedisStoreProvider implements StoreBackendProvider {

    @Override
    public boolean supports(String storeUri) {
        return RedisUri.isRedisUri(storeUri);
    }

    /**
     * @throws StoreException            if the URI or a property is invalid
     * @throws StoreUnavailableException if Sentinel or Cluster discovery cannot reach any listed node (a
     *                                   standalone server is connected lazily)
     */
    @Override
    public StoreBackend open(StoreOptions options) throws StoreException {
        RedisUri uri;
        try {
            uri = RedisUri.parse(options.storeUri());
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid Redis store URI [" + options.redactedStoreUri() + "]: " + e.getMessage(), e);
        }
        try {
            return new RedisStoreBackend(RedisClients.create(uri, options), uri.toString(), options.operationTimeoutMillis());
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid Redis store settings: " + e.getMessage(), e);
        } catch (JedisException e) {
            throw new StoreUnavailableException("cannot reach Redis [" + uri + "]: " + e.getMessage(), e);
        }
    }
}
