package dev.limpet.store.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KetamaRingTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 11211);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 11212);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.1", 11213);
    private static final Set<InetSocketAddress> ALL = Set.of(A, B, C);
    private final KetamaRing ring = new KetamaRing(List.of(A, B, C));

    @Test
    void libketamaHashOfKnownKey() {
        // MD5("") = d41d8cd98f00b204e9800998ecf8427e: first four bytes little-endian.
        assertEquals(0xd98c1dd4L, KetamaRing.hash(""));
    }

    @Test
    void keysSpreadOverAllNodes() {
        Map<InetSocketAddress, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(ring.primary("limpet:app:" + i, ALL), 1, Integer::sum);
        }
        assertEquals(3, counts.size());
        counts.values().forEach(n -> assertTrue(n > 600, "uneven spread " + counts));
    }

    @Test
    void backupIsAnotherNodeAndWhereTheKeyMovesWhenItsOwnerDies() {
        for (int i = 0; i < 500; i++) {
            String key = "limpet:app:" + i;
            InetSocketAddress owner = ring.primary(key, ALL);
            InetSocketAddress backup = ring.backup(key, ALL);
            assertNotEquals(owner, backup);
            Set<InetSocketAddress> withoutOwner = new java.util.HashSet<>(ALL);
            withoutOwner.remove(owner);
            assertEquals(backup, ring.primary(key, withoutOwner), "failover target must hold the copy");
            assertEquals(backup, ring.backup(key, withoutOwner));
        }
    }

    @Test
    void onlyLiveNodesAreChosen() {
        assertNull(ring.primary("k", Set.of()));
        assertEquals(C, ring.primary("k", Set.of(C)));
        assertNull(new KetamaRing(List.of(A)).backup("k", Set.of(A)), "a single node has no backup");
    }
}
