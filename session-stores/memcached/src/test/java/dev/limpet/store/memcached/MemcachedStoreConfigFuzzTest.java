package dev.limpet.store.memcached;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the Memcached store URI parser (docs/fuzzing.md): {@code memcached://} followed by the fuzzer's
 * text. Contract: a configuration or a {@link StoreException} listing the problems — never another
 * exception. Host names are resolved (the parser checks them): run the fuzzer with a hosts file so that it
 * stays off DNS (docs/fuzzing.md).
 */
class MemcachedStoreConfigFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parsesOrListsTheProblems(byte[] input) {
        String uri = MemcachedStoreConfig.SCHEME + new String(input, StandardCharsets.UTF_8);
        try {
            MemcachedStoreConfig config = MemcachedStoreConfig.parse(StoreOptions.of(uri));
            assertFalse(config.nodes().isEmpty());
            config.nodes().forEach(n -> assertTrue(n.getPort() >= 1 && n.getPort() <= 65_535, n.toString()));
        } catch (StoreException e) {
            assertNotNull(e.getMessage());
        }
    }
}
