package dev.limpet.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TakeoverGateTest {

    private final TakeoverGate<Object> gate = new TakeoverGate<>();

    @Test
    void concurrentCallersOfOneKeyShareOneLoad() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> gate.once("abc", () -> {
                    loads.incrementAndGet();
                    release.await();
                    return new Object();
                })));
            }
            // The scenario: the six callers reach the gate while the first load is held (no callback says they
            // are all waiting inside it).
            Thread.sleep(200);
            release.countDown();
            Object first = results.get(0).get();
            for (Future<Object> result : results) {
                assertSame(first, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, loads.get());
    }

    @Test
    void aFailureReachesTheCallerAndTheNextCallLoadsAgain() throws Exception {
        assertThrows(IllegalStateException.class, () -> gate.once("k", () -> {
            throw new IllegalStateException("store down");
        }));
        assertEquals("ok", gate.once("k", () -> "ok"));
    }
}
