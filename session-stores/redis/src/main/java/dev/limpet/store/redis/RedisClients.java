package dev.limpet.store.redis;

import dev.limpet.core.store.spi.StoreOptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the pooled jedis client for a {@link RedisUri}: {@link RedisClient} (standalone),
 * {@link RedisSentinelClient} or {@link RedisClusterClient}. Connect and socket timeouts and the pool's
 * borrow wait are the store's operation timeout; idle connections are checked every 30 s (jedis's
 * {@link ConnectionPoolConfig} defaults). Store properties: {@code maxConnections} (pool size per
 * server, default {@value #DEFAULT_MAX_CONNECTIONS}), {@code clientName} (default {@code limpet}),
 * {@code sentinelUser} and {@code sentinelPassword}, and for TLS {@code trustStore} and
 * {@code trustStorePassword} ({@link RedisTls}). Stateless.
 */
final class RedisClients {

    /** Default pool size per server. */
    static final int DEFAULT_MAX_CONNECTIONS = 32;

    private RedisClients() {
    }

    static UnifiedJedis create(RedisUri uri, StoreOptions options) {
        int timeoutMillis = (int) options.operationTimeoutMillis();
        JedisClientConfig config = clientConfig(uri, options, timeoutMillis).user(uri.user()).password(uri.password())
                .database(uri.database()).build();
        GenericObjectPoolConfig<Connection> pool = poolConfig(options, timeoutMillis);
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        uri.hosts().forEach(hp -> nodes.add(new HostAndPort(hp.host(), hp.port())));
        return switch (uri.mode()) {
            case STANDALONE -> RedisClient.builder().hostAndPort(nodes.iterator().next()).clientConfig(config)
                    .poolConfig(pool).build();
            case SENTINEL -> RedisSentinelClient.builder().masterName(uri.master()).sentinels(nodes)
                    .clientConfig(config).sentinelClientConfig(clientConfig(uri, options, timeoutMillis)
                            .user(options.properties().get("sentinelUser"))
                            .password(options.properties().get("sentinelPassword")).build())
                    .poolConfig(pool).build();
            case CLUSTER -> RedisClusterClient.builder().nodes(nodes).clientConfig(config).poolConfig(pool)
                    .maxAttempts(2).maxTotalRetriesDuration(Duration.ofMillis(timeoutMillis)).build();
        };
    }

    private static DefaultJedisClientConfig.Builder clientConfig(RedisUri uri, StoreOptions options, int timeoutMillis) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis).clientName(options.properties().getOrDefault("clientName", "limpet"));
        if (uri.tls()) {
            builder.ssl(true).sslSocketFactory(RedisTls.socketFactory(options)).sslParameters(RedisTls.hostnameVerification());
        }
        return builder;
    }

    private static GenericObjectPoolConfig<Connection> poolConfig(StoreOptions options, int timeoutMillis) {
        String max = options.properties().getOrDefault("maxConnections", String.valueOf(DEFAULT_MAX_CONNECTIONS));
        int maxConnections;
        try {
            maxConnections = Integer.parseInt(max);
        } catch (NumberFormatException e) {
            maxConnections = -1;
        }
        if (maxConnections < 1 || maxConnections > 1024) {
            throw new IllegalArgumentException("maxConnections must be 1..1024, was [" + max + "]");
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(timeoutMillis));
        pool.setJmxEnabled(false);
        return pool;
    }
}
