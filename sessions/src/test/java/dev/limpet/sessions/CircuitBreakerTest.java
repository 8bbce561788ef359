package dev.limpet.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final CircuitBreaker breaker = new CircuitBreaker(3, 100, nanos::get);

    @Test
    void opensAfterTheThresholdOfConsecutiveFailuresOnly() {
        assertFalse(breaker.recordFailure());
        assertFalse(breaker.recordFailure());
        breaker.recordSuccess();
        assertFalse(breaker.recordFailure());
        assertFalse(breaker.recordFailure());
        assertTrue(breaker.allowCall());
        assertTrue(breaker.recordFailure(), "the third consecutive failure opens it, reported once");
        assertTrue(breaker.isOpen());
        assertFalse(breaker.allowCall());
        assertFalse(breaker.recordFailure(), "already open: not the start of an outage");
        assertEquals(1, breaker.timesOpened());
    }

    @Test
    void letsOneProbeThroughPerOpenPeriodAndClosesOnItsSuccess() {
        for (int i = 0; i < 3; i++) {
            breaker.recordFailure();
        }
        nanos.addAndGet(99_000_000);
        assertFalse(breaker.allowCall(), "still open");
        nanos.addAndGet(1_000_000);
        assertTrue(breaker.allowCall(), "the probe");
        assertFalse(breaker.allowCall(), "one probe only");
        breaker.recordSuccess();
        assertFalse(breaker.isOpen());
        assertTrue(breaker.allowCall());
    }

    @Test
    void aFailedProbeOpensItForAnotherPeriod() {
        for (int i = 0; i < 3; i++) {
            breaker.recordFailure();
        }
        nanos.addAndGet(100_000_000);
        assertTrue(breaker.allowCall());
        breaker.recordFailure();
        nanos.addAndGet(50_000_000);
        assertFalse(breaker.allowCall());
        nanos.addAndGet(50_000_000);
        assertTrue(breaker.allowCall());
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(0, 1, System::nanoTime));
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(1, 0, System::nanoTime));
    }
}
