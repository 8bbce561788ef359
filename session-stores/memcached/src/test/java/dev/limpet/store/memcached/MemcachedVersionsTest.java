package dev.limpet.store.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.spi.StoreBackend;
import org.junit.jupiter.api.Test;

class MemcachedVersionsTest {

    @Test
    void kinds() {
        assertEquals(MemcachedVersions.Kind.ANY, MemcachedVersions.kind(StoreBackend.ANY_VERSION));
        assertEquals(MemcachedVersions.Kind.NEW_ONLY, MemcachedVersions.kind(StoreBackend.NEW_ONLY));
        assertEquals(MemcachedVersions.Kind.CAS, MemcachedVersions.kind(MemcachedVersions.ofCas(42)));
        assertEquals(MemcachedVersions.Kind.FROM_BACKUP, MemcachedVersions.kind(MemcachedVersions.fromBackup(42)));
        assertEquals(MemcachedVersions.Kind.FROM_BACKUP, MemcachedVersions.kind(MemcachedVersions.fromBackup(0)));
        assertThrows(IllegalArgumentException.class, () -> MemcachedVersions.kind(-2));
        assertThrows(IllegalArgumentException.class, () -> MemcachedVersions.kind(1L << 62), "unknown flag bit");
    }

    @Test
    void everyVersionIsPositive() {
        assertTrue(MemcachedVersions.fromBackup(Long.MAX_VALUE) > 0);
        assertThrows(IllegalStateException.class, () -> MemcachedVersions.ofCas(0), "CAS disabled (-C)");
    }
}
