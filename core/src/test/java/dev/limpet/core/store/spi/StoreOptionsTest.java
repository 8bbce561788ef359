package dev.limpet.core.store.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreOptionsTest {

    @Test
    void toStringMasksCredentials() {
        StoreOptions options = new StoreOptions("rediss://app:s3cr%40t@cache.example:6380/2", 500, null,
                Map.of("sentinelPassword", "hunter2", "createSchema", "true"));
        String text = options.toString();
        assertFalse(text.contains("s3cr") || text.contains("hunter2") || text.contains("app:"), text);
        assertTrue(text.contains("rediss://***@cache.example:6380/2") && text.contains("createSchema=true"), text);
        assertEquals("jdbc:postgresql://db/limpet?user=limpet&password=***&ssl=true",
                StoreOptions.of("jdbc:postgresql://db/limpet?user=limpet&password=x&ssl=true").redactedStoreUri());
        assertEquals("redis://***@h:1", StoreOptions.of("redis://u:p@ss@h:1").redactedStoreUri());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> StoreOptions.of(" "));
        assertThrows(IllegalArgumentException.class, () -> StoreOptions.of("memory:").withOperationTimeoutMillis(0));
        assertEquals(250, StoreOptions.of("memory:").withOperationTimeoutMillis(250).operationTimeoutMillis());
    }
}
