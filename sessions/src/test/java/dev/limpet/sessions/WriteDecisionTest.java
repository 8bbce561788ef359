package dev.limpet.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.AttributesHash;
import org.junit.jupiter.api.Test;

class WriteDecisionTest {

    private static final AttributesHash A = AttributesHash.of(new byte[] {1});
    private static final AttributesHash B = AttributesHash.of(new byte[] {2});

    @Test
    void skipsWithoutHashingOnlyWhenNothingWasTouchedAndTheStoreHasIt() {
        assertEquals(WriteDecision.SKIP_ATTRIBUTES_NOT_ACCESSED, WriteDecision.withoutHashing(false, false, A));
        assertNull(WriteDecision.withoutHashing(true, false, A), "attributes read: hash them");
        assertNull(WriteDecision.withoutHashing(false, true, A), "idle timeout changed");
        assertNull(WriteDecision.withoutHashing(false, false, null), "never stored");
    }

    @Test
    void writesWhenTheHashOrTheMetadataChanged() {
        assertEquals(A, WriteDecision.unchangedIf(A, false), "unchanged if the attributes hash as the stored copy");
        assertNull(WriteDecision.unchangedIf(A, true), "idle timeout or id changed: write whatever the hash");
        assertNull(WriteDecision.unchangedIf(null, false), "never stored: write");
        assertEquals(AttributesHash.of(new byte[] {1}), A);
        assertEquals(AttributesHash.of(new byte[] {0, 1, 2}, 1, 1), A, "a range hashes as its copy");
        assertNotEquals(A, B);
    }

    @Test
    void touchesAtMostOncePerIntervalAndNeverLetTheStoreExpireFirst() {
        assertEquals(60, ExpiryRefresh.intervalSeconds(1800));
        assertEquals(6, ExpiryRefresh.intervalSeconds(60));
        assertEquals(1, ExpiryRefresh.intervalSeconds(5));
        assertEquals(60, ExpiryRefresh.intervalSeconds(0));
        assertFalse(ExpiryRefresh.touchDue(10_000, 69_999, 1800));
        assertTrue(ExpiryRefresh.touchDue(10_000, 70_000, 1800));
        assertEquals(1860, ExpiryRefresh.touchTtlSeconds(1800));
        assertEquals(-1, ExpiryRefresh.touchTtlSeconds(-1));
    }
}
