package dev.limpet.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalSessionLockTest {

    private final LocalSessionLock locks = new LocalSessionLock();

    @Test
    void requestsOfOneSessionNeverOverlapAndTheEntryIsForgottenAfterwards() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                done.add(pool.submit(() -> {
                    LocalSessionLock.Held held = locks.acquire("abc", 60_000).orElseThrow();
                    try {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        Thread.yield();
                        inside.decrementAndGet();
                    } finally {
                        locks.release(held);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get());
        assertEquals(0, locks.size(), "no entry is left once nobody holds or waits");
    }

    @Test
    void aWaitLongerThanTheTimeoutGivesUpAndLeavesNothingBehind() throws Exception {
        LocalSessionLock.Held first = locks.acquire("abc", 0).orElseThrow();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Optional<LocalSessionLock.Held> second = other.submit(() -> locks.acquire("abc", 50)).get();
            assertFalse(second.isPresent(), "held elsewhere: not obtained");
            assertTrue(other.submit(() -> locks.acquire("xyz", 0).map(h -> {
                locks.release(h);
                return true;
            }).orElse(false)).get(), "another session is not blocked");
        } finally {
            other.shutdownNow();
        }
        locks.release(first);
        assertEquals(0, locks.size());
    }
}
