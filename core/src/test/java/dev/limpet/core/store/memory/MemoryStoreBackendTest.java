package dev.limpet.core.store.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryStoreBackendTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final MemoryStoreBackend backend = new MemoryStoreBackend(nanos::get);

    @Test
    void entriesExpireAndTouchExtendsThem() throws Exception {
        backend.put("k", new byte[] {1}, StoreBackend.NEW_ONLY, 1_000);
        advanceMillis(999);
        assertTrue(backend.touch("k", 2_000));
        advanceMillis(1_999);
        assertArrayEquals(new byte[] {1}, backend.get("k").orElseThrow().blob());
        advanceMillis(1);
        assertEquals(Optional.empty(), backend.get("k"));
        assertFalse(backend.touch("k", 2_000));
    }

    @Test
    void versionsGrowAndAreChecked() throws Exception {
        assertEquals(1, backend.put("k", new byte[] {1}, StoreBackend.NEW_ONLY, 1_000));
        assertEquals(2, backend.put("k", new byte[] {2}, 1, 1_000));
        assertThrows(VersionConflictException.class, () -> backend.put("k", new byte[] {3}, 1, 1_000));
        assertThrows(VersionConflictException.class, () -> backend.put("k", new byte[] {3}, StoreBackend.NEW_ONLY, 1_000));
        assertEquals(3, backend.put("k", new byte[] {4}, StoreBackend.ANY_VERSION, 1_000));
        assertEquals(3, backend.get("k").orElseThrow().version());
        assertEquals(java.util.Optional.of(new dev.limpet.core.store.spi.StoredVersion(3, false)), backend.version("k"));
        assertEquals(java.util.Optional.empty(), backend.version("absent"));
        assertArrayEquals(new byte[] {4}, backend.get("k").orElseThrow().blob());
        advanceMillis(1_000);
        assertEquals(1, backend.put("k", new byte[] {5}, StoreBackend.NEW_ONLY, 1_000), "an expired entry is absent");
    }

    @Test
    void storedBytesAreCopies() throws Exception {
        byte[] blob = {1, 2};
        backend.put("k", blob, StoreBackend.ANY_VERSION, 1_000);
        blob[0] = 9;
        backend.get("k").orElseThrow().blob()[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, backend.get("k").orElseThrow().blob());
    }

    @Test
    void expiredEntriesAreSwept() throws Exception {
        backend.put("old", new byte[1], StoreBackend.ANY_VERSION, 1_000);
        advanceMillis(2_000);
        for (int i = 1; i < MemoryStoreBackend.SWEEP_EVERY_PUTS; i++) {
            backend.put("k" + i, new byte[1], StoreBackend.ANY_VERSION, 60_000);
        }
        assertEquals(MemoryStoreBackend.SWEEP_EVERY_PUTS - 1, backend.size());
    }

    @Test
    void exactlyOneOfManyConcurrentCreatesWins() throws Exception {
        MemoryStoreBackend shared = new MemoryStoreBackend();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    shared.put("k", new byte[1], StoreBackend.NEW_ONLY, 60_000);
                    return true;
                } catch (VersionConflictException e) {
                    return false;
                }
            }));
        }
        start.countDown();
        int wins = 0;
        for (Future<Boolean> result : results) {
            wins += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, wins);
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }
}
