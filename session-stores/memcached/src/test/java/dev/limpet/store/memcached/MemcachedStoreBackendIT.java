package dev.limpet.store.memcached;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.testsupport.MemcachedServerProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The memcached backend against two real memcached processes: versions, expiry, touch, backup copies. */
class MemcachedStoreBackendIT {

    private static final long TTL = 60_000;
    private static MemcachedServerProcess one;
    private static MemcachedServerProcess two;

    @BeforeAll
    static void startServers() {
        one = new MemcachedServerProcess();
        two = new MemcachedServerProcess();
        one.start();
        two.start();
    }

    @AfterAll
    static void stopServers() {
        one.close();
        two.close();
    }

    private static StoreBackend open(String uri) throws StoreException {
        return new MemcachedStoreProvider().open(new StoreOptions(uri, 500, null, Map.of()));
    }

    private static StoreBackend openBoth() throws StoreException {
        return open("memcached://" + one.address() + "," + two.address());
    }

    private static String newKey() {
        return "limpet:it:" + UUID.randomUUID().toString().replace("-", "");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void casVersionsDetectConflictsInOneRoundTrip() throws Exception {
        try (StoreBackend store = openBoth()) {
            String key = newKey();
            long written = store.put(key, bytes("v1"), StoreBackend.NEW_ONLY, TTL);
            assertThrows(VersionConflictException.class, () -> store.put(key, bytes("again"), StoreBackend.NEW_ONLY, TTL));
            StoredBlob loaded = store.get(key).orElseThrow();
            assertArrayEquals(bytes("v1"), loaded.blob());
            long next = store.put(key, bytes("v2"), loaded.version(), TTL);
            assertThrows(VersionConflictException.class, () -> store.put(key, bytes("stale"), loaded.version(), TTL));
            assertThrows(VersionConflictException.class, () -> store.put(key, bytes("stale"), written, TTL));
            assertEquals(next, store.get(key).orElseThrow().version(), "a put returns the version a get sees");
            long third = store.put(key, bytes("v3"), next, TTL);
            assertNotEquals(next, third);
            assertArrayEquals(bytes("v3"), store.get(key).orElseThrow().blob());
        }
    }

    @Test
    void blobsOverThePipelineLimitAreVersionedToo() throws Exception {
        try (StoreBackend store = openBoth()) {
            String key = newKey();
            byte[] large = new byte[MemcachedStoreBackend.PIPELINE_MAX_BYTES + 1000];
            new java.util.Random(3).nextBytes(large);
            long v1 = store.put(key, large, StoreBackend.NEW_ONLY, TTL);
            assertThrows(VersionConflictException.class, () -> store.put(key, large, StoreBackend.NEW_ONLY, TTL));
            large[0] ^= 1;
            long v2 = store.put(key, large, v1, TTL);
            assertThrows(VersionConflictException.class, () -> store.put(key, large, v1, TTL));
            StoredBlob loaded = store.get(key).orElseThrow();
            assertArrayEquals(large, loaded.blob());
            assertEquals(v2, loaded.version());
        }
    }

    @Test
    void conditionalPutOnAbsentKeyConflicts() throws Exception {
        try (StoreBackend store = openBoth()) {
            String key = newKey();
            long version = store.put(key, bytes("x"), StoreBackend.ANY_VERSION, TTL);
            long loaded = store.get(key).orElseThrow().version();
            store.remove(key);
            assertTrue(store.get(key).isEmpty());
            assertThrows(VersionConflictException.class, () -> store.put(key, bytes("y"), version, TTL));
            assertThrows(VersionConflictException.class, () -> store.put(key, bytes("y"), loaded, TTL));
        }
    }

    @Test
    void expiresAndTouchExtends() throws Exception {
        // memcached's clock ticks once a second; the store adds a second, so an entry lives N to N+1 s.
        try (StoreBackend store = openBoth()) {
            String shortLived = newKey();
            String touched = newKey();
            store.put(shortLived, bytes("a"), StoreBackend.ANY_VERSION, 1000);
            store.put(touched, bytes("b"), StoreBackend.ANY_VERSION, 3000);
            Thread.sleep(1500); // the scenario: idle 1.5 s, then touch
            assertTrue(store.touch(touched, 5000));
            Thread.sleep(2100); // the scenario: idle past the 1 s entry's time to live (up to 2 s in memcached)
            assertTrue(store.get(shortLived).isEmpty(), "1 s entry must have expired after 2 s");
            assertArrayEquals(bytes("b"), store.get(touched).orElseThrow().blob(), "touch must extend expiry");
            assertFalse(store.touch(newKey(), 1000));
        }
    }

    @Test
    void ttlOverThirtyDaysUsesAbsoluteTime() throws Exception {
        try (StoreBackend store = openBoth()) {
            String key = newKey();
            long fortyDays = 40L * 24 * 3600 * 1000;
            store.put(key, bytes("long"), StoreBackend.ANY_VERSION, fortyDays);
            assertArrayEquals(bytes("long"), store.get(key).orElseThrow().blob());
            assertTrue(store.touch(key, fortyDays));
            assertTrue(store.get(key).isPresent(), "an absolute exptime in the future must not expire at once");
        }
    }

    @Test
    void killedPrimaryServesTheBackupCopyAndRestartedPrimaryFallsBackToIt() throws Exception {
        try (StoreBackend store = openBoth()) {
            String key = newKey();
            store.put(key, bytes("backed up"), StoreBackend.ANY_VERSION, TTL);
            MemcachedServerProcess owner = ownerOf(key);
            owner.stop();
            try {
                StoredBlob copy = eventually(() -> store.get(key), found -> true);
                assertArrayEquals(bytes("backed up"), copy.blob(), "the backup node answers for the dead primary");
                store.put(key, bytes("during outage"), copy.version(), TTL);
            } finally {
                owner.start();
            }
            StoredBlob fallback = eventually(() -> store.get(key),
                    found -> MemcachedVersions.kind(found.version()) == MemcachedVersions.Kind.FROM_BACKUP);
            assertArrayEquals(bytes("during outage"), fallback.blob(), "empty primary falls back to the copy");
            long version = store.put(key, bytes("taken over"), fallback.version(), TTL);
            assertThrows(VersionConflictException.class, () -> store.put(key, bytes("late"), fallback.version(), TTL));
            assertArrayEquals(bytes("taken over"), store.get(key).orElseThrow().blob());
            store.put(key, bytes("next"), version, TTL);
        }
    }

    @Test
    void removeDeletesTheBackupCopyToo() throws Exception {
        try (StoreBackend store = openBoth()) {
            String key = newKey();
            store.put(key, bytes("gone soon"), StoreBackend.ANY_VERSION, TTL);
            store.remove(key);
            ownerOf(key).restart();
            Thread.sleep(300); // the scenario: the client sees the restarted, empty owner and falls back to the backup node
            assertTrue(eventuallyReachable(() -> store.get(key)).isEmpty());
        }
    }

    @Test
    void killedServerGivesUnavailableWithinTheTimeoutAndWorksAfterRestart() throws Exception {
        try (StoreBackend store = open("memcached://" + one.address())) {
            String key = newKey();
            store.put(key, bytes("before"), StoreBackend.ANY_VERSION, TTL);
            one.stop();
            try {
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    assertThrows(StoreUnavailableException.class, () -> store.get(key));
                    long tookMillis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(tookMillis < 500 + 250, "took " + tookMillis + " ms, timeout is 500 ms");
                }
                assertThrows(StoreUnavailableException.class,
                        () -> store.put(key, bytes("x"), StoreBackend.ANY_VERSION, TTL));
            } finally {
                one.start();
            }
            String after = newKey();
            awaitNode().until(() -> store.put(after, bytes("after"), StoreBackend.ANY_VERSION, TTL), version -> true);
            assertArrayEquals(bytes("after"), store.get(after).orElseThrow().blob());
        }
    }

    @Test
    void eachOperationSendsTheCommandsTheDesignSays() throws Exception {
        try (StoreBackend store = openBoth()) {
            String key = newKey();
            MemcachedServerProcess owner = ownerOf(key);
            MemcachedServerProcess other = owner == one ? two : one;
            long version = store.put(key, bytes("v0"), StoreBackend.ANY_VERSION, TTL);
            Map<String, Long> ownerBefore = commands(owner);
            Map<String, Long> otherBefore = commands(other);
            version = store.put(key, bytes("v1"), version, TTL);
            store.get(key);
            store.touch(key, TTL);
            await("the backup node's touch, sent in the background").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertEquals(Map.of("get", 2L, "set", 1L, "touch", 1L), delta(ownerBefore, commands(owner)),
                        "owner: cas noreply + gets (put), gets (get), touch");
                assertEquals(Map.of("get", 0L, "set", 1L, "touch", 1L), delta(otherBefore, commands(other)),
                        "backup node: set noreply (put), touch in the background");
            });
            assertEquals(version, store.get(key).orElseThrow().version());
        }
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new java.util.TreeMap<>();
        after.forEach((name, value) -> delta.put(name, value - before.get(name)));
        return delta;
    }

    /** @return cmd_get, cmd_set and cmd_touch of one server, from the text protocol's {@code stats} */
    private static Map<String, Long> commands(MemcachedServerProcess server) throws java.io.IOException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
             var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                     StandardCharsets.US_ASCII))) {
            socket.getOutputStream().write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[1].matches("cmd_(get|set|touch)")) {
                    counts.put(parts[1].substring(4), Long.parseLong(parts[2]));
                }
            }
        }
        return counts;
    }

    private static MemcachedServerProcess ownerOf(String key) {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", one.port());
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", two.port());
        InetSocketAddress owner = new KetamaRing(List.of(a, b)).primary(key, Set.of(a, b));
        return owner.equals(a) ? one : two;
    }

    /** Retries while xmemcached notices a dead or restarted node (at most 5 s). */
    private static StoredBlob eventually(StoreCall call, Predicate<StoredBlob> wanted) {
        return awaitNode().until(call::call, found -> found.isPresent() && wanted.test(found.get())).orElseThrow();
    }

    private static Optional<StoredBlob> eventuallyReachable(StoreCall call) {
        return awaitNode().until(call::call, found -> true);
    }

    private static ConditionFactory awaitNode() {
        return await("xmemcached notices the dead or restarted node").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(StoreUnavailableException.class);
    }

    @FunctionalInterface
    private interface StoreCall {
        Optional<StoredBlob> call() throws StoreException;
    }
}
