package dev.limpet.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreBackendProvider;
import dev.limpet.core.store.spi.StoreOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Embedded H2 under racing writers of one row: a create-only put that loses is a version conflict (never a store
 * error), racing versioned puts based on one version let exactly one through, and every write gets its own version.
 */
class EmbeddedH2RaceTest {

    private static final int WRITERS = 8;
    private static final int ROUNDS = 40;

    private static StoreBackend open(String name) throws Exception {
        StoreOptions options = new StoreOptions("jdbc:h2:mem:" + name + "?createSchema=true&purgeIntervalSeconds=0",
                5000, null, Map.of());
        for (StoreBackendProvider provider : ServiceLoader.load(StoreBackendProvider.class)) {
            if (provider.supports(options.storeUri())) {
                return provider.open(options);
            }
        }
        throw new AssertionError("no provider");
    }

    /** @return per writer: its new version, or -1 for a conflict; a store error fails the test */
    private static List<Long> race(Callable<Long> write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return write.call();
                    } catch (VersionConflictException e) {
                        return -1L;
                    }
                }));
            }
            List<Long> versions = new ArrayList<>();
            for (Future<Long> result : results) {
                versions.add(result.get());
            }
            return versions;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLostCreateOnlyRaceIsAVersionConflict() throws Exception {
        try (StoreBackend store = open("race_new")) {
            for (int round = 0; round < ROUNDS; round++) {
                String key = "limpet:app:new" + round;
                List<Long> versions = race(() -> store.put(key, new byte[] {1}, StoreBackend.NEW_ONLY, 60_000));
                assertEquals(WRITERS - 1, Collections.frequency(versions, -1L), "one creator wins: " + versions);
                assertTrue(versions.contains(1L), "the winner created version 1: " + versions);
            }
        }
    }

    @Test
    void racingVersionedPutsLetExactlyOneThrough() throws Exception {
        try (StoreBackend store = open("race_versioned")) {
            String key = "limpet:app:versioned";
            long version = store.put(key, new byte[] {0}, StoreBackend.NEW_ONLY, 60_000);
            for (int round = 0; round < ROUNDS; round++) {
                long expected = version;
                List<Long> versions = race(() -> store.put(key, new byte[] {2}, expected, 60_000));
                assertEquals(WRITERS - 1, Collections.frequency(versions, -1L), "one writer wins: " + versions);
                version = store.get(key).orElseThrow().version();
                assertEquals(expected + 1, version);
            }
        }
    }

    @Test
    void racingUnconditionalPutsEachGetTheirOwnVersion() throws Exception {
        try (StoreBackend store = open("race_any")) {
            for (int round = 0; round < ROUNDS; round++) {
                String key = "limpet:app:any" + round;
                List<Long> versions = race(() -> store.put(key, new byte[] {3}, StoreBackend.ANY_VERSION, 60_000));
                Set<Long> distinct = new HashSet<>(versions);
                assertEquals(WRITERS, distinct.size(), "no version twice, no conflict: " + versions);
                assertEquals(Collections.max(versions), store.get(key).orElseThrow().version());
            }
        }
    }
}
