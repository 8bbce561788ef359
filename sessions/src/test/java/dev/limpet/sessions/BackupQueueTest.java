package dev.limpet.sessions;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackupQueueTest {

    private final List<String> written = new CopyOnWriteArrayList<>();
    private final AtomicBoolean storeDown = new AtomicBoolean();

    private BackupQueue.Job job(String id, String state, boolean touch) {
        return new BackupQueue.Job() {
            @Override
            public String sessionId() {
                return id;
            }

            @Override
            public boolean isTouch() {
                return touch;
            }

            @Override
            public void run() throws StoreUnavailableException {
                if (storeDown.get()) {
                    throw new StoreUnavailableException("down");
                }
                written.add(id + "=" + state);
            }
        };
    }

    /** A job of another session that holds the only worker until the latch opens. */
    private static BackupQueue.Job blocking(CountDownLatch blocker) {
        return new BackupQueue.Job() {
            @Override
            public String sessionId() {
                return "block";
            }

            @Override
            public boolean isTouch() {
                return false;
            }

            @Override
            public void run() {
                try {
                    blocker.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void coalescesWaitingJobsOfOneSessionAndKeepsTheLatest() throws Exception {
        CountDownLatch blocker = new CountDownLatch(1);
        try (BackupQueue queue = new BackupQueue("t", 10, 1, 10, new CircuitBreaker(1, 10, System::nanoTime))) {
            queue.submit(blocking(blocker));
            assertEquals(BackupQueue.Outcome.QUEUED, queue.submit(job("s", "v1", false)));
            assertEquals(BackupQueue.Outcome.COALESCED, queue.submit(job("s", "v2", false)));
            assertEquals(BackupQueue.Outcome.COALESCED, queue.submit(job("s", "touch", true)), "a touch never replaces a write");
            blocker.countDown();
            assertTrue(queue.awaitEmpty(5000));
            assertEquals(List.of("s=v2"), written);
            assertEquals(2, queue.coalesced());
        }
    }

    @Test
    void isBoundedAndCountsWhatItDrops() throws Exception {
        CountDownLatch blocker = new CountDownLatch(1);
        storeDown.set(false);
        try (BackupQueue queue = new BackupQueue("t", 2, 1, 10, new CircuitBreaker(1, 10, System::nanoTime))) {
            queue.submit(blocking(blocker));
            await("the worker takes the blocking job").atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 0);
            queue.submit(job("a", "1", false));
            queue.submit(job("b", "1", false));
            assertEquals(BackupQueue.Outcome.DROPPED, queue.submit(job("c", "1", false)));
            assertEquals(1, queue.dropped());
            blocker.countDown();
            assertTrue(queue.awaitEmpty(5000));
        }
    }

    @Test
    void parksWhileTheStoreIsDownAndCatchesUpWhenItReturns() throws Exception {
        CircuitBreaker breaker = new CircuitBreaker(1, 20, System::nanoTime);
        try (BackupQueue queue = new BackupQueue("t", 100, 2, 20, breaker)) {
            storeDown.set(true);
            queue.submit(job("a", "1", false));
            await("the breaker opens").atMost(Duration.ofSeconds(5)).until(breaker::isOpen);
            for (int i = 0; i < 5; i++) {
                queue.submit(job("s" + i, "1", false));
            }
            queue.submit(job("a", "2", false));
            await("nothing written while the store is down").during(Duration.ofMillis(100))
                    .atMost(Duration.ofSeconds(1)).until(written::isEmpty);
            assertTrue(queue.failed() >= 1);
            storeDown.set(false);
            assertTrue(queue.awaitEmpty(5000), "drained after the store returned");
            assertEquals(6, written.size(), written.toString());
            assertTrue(written.contains("a=2"), "the latest state of a parked session: " + written);
            assertEquals(0, queue.dropped());
        }
    }

    @Test
    void writesOfOneSessionNeverRunConcurrently() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        try (BackupQueue queue = new BackupQueue("t", 100, 4, 10, new CircuitBreaker(1, 10, System::nanoTime))) {
            for (int i = 0; i < 50; i++) {
                queue.submit(new BackupQueue.Job() {
                    @Override
                    public String sessionId() {
                        return "same";
                    }

                    @Override
                    public boolean isTouch() {
                        return false;
                    }

                    @Override
                    public void run() {
                        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(2); // the scenario: a write that takes a while, so that writes could overlap
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        running.decrementAndGet();
                    }
                });
                Thread.sleep(1); // the scenario: submissions spread over the running writes
            }
            assertTrue(queue.awaitEmpty(5000));
        }
        assertEquals(1, maxRunning.get());
    }
}
