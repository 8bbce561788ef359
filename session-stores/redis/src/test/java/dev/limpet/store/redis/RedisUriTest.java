package dev.limpet.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.store.redis.RedisUri.HostPort;
import dev.limpet.store.redis.RedisUri.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisUriTest {

    @Test
    void standaloneWithDefaultsAndCredentials() {
        RedisUri plain = RedisUri.parse("redis://cache.example");
        assertEquals(new RedisUri(Mode.STANDALONE, false, null, null, List.of(new HostPort("cache.example", 6379)), 0, null), plain);
        RedisUri full = RedisUri.parse("rediss://app:p%40ss%3Aw0rd+x@10.0.0.5:6380/3");
        assertTrue(full.tls());
        assertEquals("app", full.user());
        assertEquals("p@ss:w0rd+x", full.password());
        assertEquals(List.of(new HostPort("10.0.0.5", 6380)), full.hosts());
        assertEquals(3, full.database());
        RedisUri passwordOnly = RedisUri.parse("redis://:secret@[::1]:7000/1");
        assertNull(passwordOnly.user());
        assertEquals("secret", passwordOnly.password());
        assertEquals(new HostPort("::1", 7000), passwordOnly.hosts().get(0));
    }

    @Test
    void sentinelAndCluster() {
        RedisUri sentinel = RedisUri.parse("redis-sentinel://:pw@s1,s2:26380/2?master=mymaster");
        assertEquals(Mode.SENTINEL, sentinel.mode());
        assertEquals(List.of(new HostPort("s1", 26379), new HostPort("s2", 26380)), sentinel.hosts());
        assertEquals("mymaster", sentinel.master());
        assertEquals(2, sentinel.database());
        RedisUri cluster = RedisUri.parse("rediss-cluster://u:p@n1:7000,n2:7001,n3");
        assertEquals(Mode.CLUSTER, cluster.mode());
        assertTrue(cluster.tls());
        assertEquals(3, cluster.hosts().size());
        assertEquals(new HostPort("n3", 6379), cluster.hosts().get(2));
    }

    @Test
    void invalidFormsAreRefusedWithoutEchoingThePassword() {
        for (String bad : List.of("redis://h1,h2", "redis-sentinel://s1", "redis-cluster://n1/1", "redis://h:0",
                "redis://h:99999", "redis://h/16", "redis://h/x", "redis://:hunter2@h?timeout=5", "redis://[::1", "redis://",
                "memcached://h")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisUri.parse(bad), bad);
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }

    @Test
    void toStringHidesCredentials() {
        assertEquals("redis-sentinel://***@s1:26379,s2:26379/0?master=m",
                RedisUri.parse("redis-sentinel://u:hunter2@s1,s2?master=m").toString());
        assertEquals("rediss://[::1]:6380/0", RedisUri.parse("rediss://[::1]:6380").toString());
    }

    @Test
    void theProviderClaimsOnlyRedisSchemesAndReportsBadSettings() {
        RedisStoreProvider provider = new RedisStoreProvider();
        for (String uri : List.of("redis://h", "rediss://h", "redis-sentinel://h?master=m", "rediss-sentinel://h?master=m",
                "redis-cluster://h", "rediss-cluster://h")) {
            assertTrue(provider.supports(uri), uri);
        }
        for (String uri : List.of("memcached://h:11211", "jdbc:postgresql://h/db", "memory:", "redisx://h", "http://redis")) {
            assertFalse(provider.supports(uri), uri);
        }
        StoreException e = assertThrows(StoreException.class, () -> provider.open(
                new StoreOptions("redis://:hunter2@h:1", 500, null, Map.of("maxConnections", "0"))));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(StoreException.class, () -> provider.open(StoreOptions.of("redis://:hunter2@h1,h2")));
    }
}
