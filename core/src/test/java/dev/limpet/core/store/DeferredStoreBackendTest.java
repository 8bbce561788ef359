package dev.limpet.core.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.memory.MemoryStoreBackend;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredStoreBackendTest {

    @Test
    void failsFastUntilTheBackgroundRetryOpensTheStoreThenDelegates() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        MemoryStoreBackend memory = new MemoryStoreBackend();
        DeferredStoreBackend.Opener opener = () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new StoreUnavailableException("connection refused");
            }
            return memory;
        };
        try (DeferredStoreBackend store = new DeferredStoreBackend(opener, "test", 10,
                new StoreUnavailableException("connection refused"), getClass().getClassLoader())) {
            StoreUnavailableException down = assertThrows(StoreUnavailableException.class, () -> store.get("k"));
            assertTrue(down.getMessage().contains("not opened yet"), down.getMessage());
            await("the store opens").atMost(Duration.ofSeconds(10)).until(store::isOpen);
            assertEquals(1, store.put("k", new byte[] {1}, StoreBackend.ANY_VERSION, 60_000));
            assertTrue(store.get("k").isPresent());
            assertEquals(3, attempts.get());
        }
    }

    @Test
    void aSettingsErrorMetByARetryStopsTheRetries() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (DeferredStoreBackend store = new DeferredStoreBackend(() -> {
            attempts.incrementAndGet();
            throw new StoreException("unsupported database");
        }, "test", 5, new StoreUnavailableException("down"), getClass().getClassLoader())) {
            await("the first retry").atMost(Duration.ofSeconds(10)).until(() -> attempts.get() > 0);
            await("no retry after it, 20 retry intervals long").during(Duration.ofMillis(100))
                    .atMost(Duration.ofSeconds(1)).until(() -> attempts.get() == 1);
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.touch("k", 1000));
            assertTrue(e.getMessage().contains("unsupported database"), e.getMessage());
        }
    }

    @Test
    void closeStopsTheRetries() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        DeferredStoreBackend store = new DeferredStoreBackend(() -> {
            attempts.incrementAndGet();
            return new MemoryStoreBackend();
        }, "test", 200, new StoreUnavailableException("down"), getClass().getClassLoader());
        store.close();
        await("no retry for two retry intervals").during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(1))
                .until(() -> attempts.get() == 0);
        assertFalse(store.isOpen());
        assertThrows(StoreUnavailableException.class, () -> store.remove("k"));
    }

    @Test
    void openOrDeferOpensAtOnceWhenTheStoreIsThereAndStillRejectsBadSettings() throws Exception {
        try (StoreBackend memory = DeferredStoreBackend.openOrDefer(StoreOptions.of("memory:"),
                getClass().getClassLoader(), 1000)) {
            assertFalse(memory instanceof DeferredStoreBackend);
        }
        StoreException e = assertThrows(StoreException.class, () -> DeferredStoreBackend.openOrDefer(
                StoreOptions.of("nosuch://x"), getClass().getClassLoader(), 1000));
        assertFalse(e instanceof StoreUnavailableException);
    }
}
