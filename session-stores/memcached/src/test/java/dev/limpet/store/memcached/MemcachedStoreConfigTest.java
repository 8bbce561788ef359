package dev.limpet.store.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemcachedStoreConfigTest {

    private static MemcachedStoreConfig parse(String uri, Map<String, String> properties) throws StoreException {
        return MemcachedStoreConfig.parse(new StoreOptions(uri, 800, null, properties));
    }

    @Test
    void nodesDefaultsAndParameters() throws StoreException {
        MemcachedStoreConfig config = parse("memcached://127.0.0.1:11311,127.0.0.1,[::1]:11411?healIntervalMillis=2000", Map.of());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 11311), new InetSocketAddress("127.0.0.1", 11211),
                new InetSocketAddress("::1", 11411)), config.nodes());
        assertTrue(config.backup());
        assertEquals(800, config.opTimeoutMillis());
        assertEquals(800, config.connectTimeoutMillis());
        assertEquals(2000, config.healIntervalMillis());
    }

    @Test
    void uriParameterWinsOverProperty() throws StoreException {
        MemcachedStoreConfig config = parse("memcached://127.0.0.1:1,127.0.0.1:2?backup=false",
                Map.of("backup", "true", "connectTimeoutMillis", "300"));
        assertFalse(config.backup());
        assertEquals(300, config.connectTimeoutMillis());
    }

    @Test
    void singleNodeHasNoBackup() throws StoreException {
        assertFalse(parse("memcached://127.0.0.1:1", Map.of()).backup());
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        StoreException e = assertThrows(StoreException.class, () -> parse(
                "memcached://127.0.0.1:x,127.0.0.1:5,127.0.0.1:5?connectTimeoutMillis=0&backup=maybe&healIntervalMillis", Map.of()));
        for (String part : List.of("127.0.0.1:x", "listed twice", "connectTimeoutMillis", "backup", "healIntervalMillis")) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
        assertThrows(StoreException.class, () -> parse("redis://127.0.0.1", Map.of()));
        assertThrows(StoreException.class, () -> parse("memcached://", Map.of()));
    }
}
