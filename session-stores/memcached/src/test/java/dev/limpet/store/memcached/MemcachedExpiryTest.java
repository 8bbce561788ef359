package dev.limpet.store.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MemcachedExpiryTest {

    private static final long NOW = 1_700_000_000_500L;

    @Test
    void relativeSecondsRoundedUpPlusOneForMemcachedsOneSecondClock() {
        assertEquals(2, MemcachedExpiry.exptime(1, NOW));
        assertEquals(2, MemcachedExpiry.exptime(1000, NOW));
        assertEquals(3, MemcachedExpiry.exptime(1001, NOW));
        assertEquals(1801, MemcachedExpiry.exptime(1_800_000, NOW));
    }

    @Test
    void thirtyDaysIsStillRelativeAndMoreIsAbsolute() {
        long thirtyDays = MemcachedExpiry.MAX_RELATIVE_SECONDS * 1000;
        assertEquals(2_592_000, MemcachedExpiry.exptime(thirtyDays - 1000, NOW));
        assertEquals(1_700_000_000 + 2_592_001, MemcachedExpiry.exptime(thirtyDays, NOW));
    }

    @Test
    void rejectsNonPositiveAndPost2038() {
        assertThrows(IllegalArgumentException.class, () -> MemcachedExpiry.exptime(0, NOW));
        assertThrows(IllegalArgumentException.class, () -> MemcachedExpiry.exptime(Long.MAX_VALUE / 2, NOW));
    }
}
