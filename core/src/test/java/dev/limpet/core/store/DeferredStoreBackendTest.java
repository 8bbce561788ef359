package dev.limpet.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.memory.MemoryStoreBackend;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
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
            awaitOpen(store);
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
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (attempts.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertEquals(1, attempts.get());
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
        Thread.sleep(400);
        assertEquals(0, attempts.get());
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

    private static void awaitOpen(DeferredStoreBackend store) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!store.isOpen()) {
            assertFalse(System.nanoTime() > deadline, "the store did not open");
            Thread.sleep(10);
        }
    }
}
