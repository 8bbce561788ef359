package dev.limpet.store.memcached;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A memcached server killed, and started again empty, under a node's conditional writes (two real memcached
 * processes): the node's own writes, in flight or not, are not taken for another node's after the key moves to the
 * backup copy and back (reliability issue 12), while another node's newer write still wins.
 */
class MemcachedFailoverIT {

    private static final long TTL = 60_000;
    private MemcachedServerProcess one;
    private MemcachedServerProcess two;

    @BeforeEach
    void startServers() {
        one = new MemcachedServerProcess();
        two = new MemcachedServerProcess();
        one.start();
        two.start();
    }

    @AfterEach
    void stopServers() {
        one.close();
        two.close();
    }

    private StoreBackend openBoth() throws StoreException {
        return new MemcachedStoreProvider().open(new StoreOptions("memcached://" + one.address() + "," + two.address(),
                500, null, Map.of()));
    }

    @Test
    void ownWritesInFlightWhenAServerDiesAndWhenItComesBackEmptyAreNeverConflicts() throws Exception {
        try (StoreBackend node = openBoth()) {
            Writers writers = new Writers(node, keys(48));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int slice = i;
                    running.add(pool.submit(() -> writers.loop(slice, 4)));
                }
                long before = writers.awaitWrites(200);
                one.stop(); // kill -9 while the writers' puts are in flight
                writers.awaitEveryKeyWrittenAfter(before + 500);
                one.start(); // empty: the first server's keys come back to it and fall back to the copies on two
                List<String> ownedByOne = writers.keys.stream().filter(k -> ownerPort(k) == one.port()).toList();
                assertTrue(ownedByOne.size() > 5, "keys of the killed server: " + ownedByOne.size());
                await("the first server's keys written to it again").atMost(Duration.ofSeconds(15))
                        .until(() -> allOnItsOwner(ownedByOne));
                writers.awaitEveryKeyWrittenAfter(writers.writes.get() + 500);
                writers.stop.set(true);
                for (Future<?> f : running) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(Map.of(), writers.conflicts, "no write of the node's own session may be refused");
            for (String key : writers.keys) {
                long version = writers.versions.get(key);
                assertEquals(version, node.version(key, version).orElseThrow().version(), "its own copy is current");
                assertArrayEquals(writers.blobs.get(key), node.get(key).orElseThrow().blob(), "the last write is stored");
            }
        }
    }

    @Test
    void anotherNodesWriteAfterTheFailoverStillWins() throws Exception {
        try (StoreBackend node1 = openBoth(); StoreBackend node2 = openBoth()) {
            String key = keyOwnedBy(one);
            long v1 = node1.put(key, bytes("node1"), StoreBackend.NEW_ONLY, TTL);
            one.stop();
            StoredBlob copy = awaitNode().until(() -> node2.get(key).orElseThrow(), found -> true);
            assertEquals(v1, awaitNode().until(() -> node1.version(key, v1).orElseThrow().version(), v -> true),
                    "before another node writes, the backup copy is node1's own write");
            long v2 = node2.put(key, bytes("node2 took over"), copy.version(), TTL);
            assertNotEquals(v1, node1.version(key, v1).orElseThrow().version(), "node2's write is newer");
            assertThrows(VersionConflictException.class, () -> node1.put(key, bytes("stale"), v1, TTL));

            one.start(); // empty: the key comes back to it, node2's write is on the backup node only
            awaitNode().until(() -> node2.get(key).orElseThrow(),
                    found -> MemcachedVersions.kind(found.version()) == MemcachedVersions.Kind.FROM_BACKUP);
            awaitNode().until(() -> node1.get(key).orElseThrow(),
                    found -> MemcachedVersions.kind(found.version()) == MemcachedVersions.Kind.FROM_BACKUP);
            assertEquals(v2, node2.version(key, v2).orElseThrow().version(), "node2's own write, on the backup node");
            assertNotEquals(v1, node1.version(key, v1).orElseThrow().version());
            assertThrows(VersionConflictException.class, () -> node1.put(key, bytes("stale again"), v1, TTL));
            long v3 = node2.put(key, bytes("node2 again"), v2, TTL);
            assertArrayEquals(bytes("node2 again"), node1.get(key).orElseThrow().blob());
            assertThrows(VersionConflictException.class, () -> node2.put(key, bytes("late"), v2, TTL));
            node2.put(key, bytes("node2 next"), v3, TTL);
        }
    }

    @Test
    void anIdleSessionStaysCurrentWhileItsOwnerIsDeadAndAfterItComesBackEmpty() throws Exception {
        try (StoreBackend node = openBoth()) {
            String key = keyOwnedBy(one);
            long version = node.put(key, bytes("idle"), StoreBackend.NEW_ONLY, TTL);
            one.stop();
            assertEquals(version, awaitNode().until(() -> node.version(key, version).orElseThrow().version(),
                    v -> true), "the backup copy the key moved to is the node's write");
            one.start();
            awaitNode().until(() -> node.get(key).orElseThrow(),
                    found -> MemcachedVersions.kind(found.version()) == MemcachedVersions.Kind.FROM_BACKUP);
            assertEquals(version, node.version(key, version).orElseThrow().version(), "and so is the copy read back");
            long next = node.put(key, bytes("busy again"), version, TTL);
            assertEquals(next, node.get(key).orElseThrow().version(), "written to the owner again");
        }
    }

    @Test
    void entriesWrittenWithoutATagAreReadAndWritten() throws Exception {
        try (StoreBackend node = openBoth()) {
            String key = keyOwnedBy(one);
            setUntagged(one, key, "written by the previous version");
            setUntagged(two, key, "its backup copy");
            StoredBlob old = node.get(key).orElseThrow();
            assertArrayEquals(bytes("written by the previous version"), old.blob());
            assertEquals(old.version(), node.version(key, old.version()).orElseThrow().version());
            long next = node.put(key, bytes("rewritten"), old.version(), TTL);
            assertThrows(VersionConflictException.class, () -> node.put(key, bytes("stale"), old.version(), TTL));
            assertEquals(next, node.get(key).orElseThrow().version());
        }
    }

    /** Writers of a set of keys, each write conditional on the key's last version, retried on an outage. */
    private static final class Writers {
        final List<String> keys;
        final StoreBackend node;
        final Map<String, Long> versions = new ConcurrentHashMap<>();
        final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        final Map<String, Long> lastWrite = new ConcurrentHashMap<>();
        final Map<String, String> conflicts = new ConcurrentHashMap<>();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();

        Writers(StoreBackend node, List<String> keys) throws StoreException {
            this.node = node;
            this.keys = keys;
            for (String key : keys) {
                byte[] blob = bytes(key + ":0");
                versions.put(key, node.put(key, blob, StoreBackend.NEW_ONLY, TTL));
                blobs.put(key, blob);
            }
        }

        void loop(int slice, int slices) {
            for (long n = 1; !stop.get(); n++) {
                for (int i = slice; i < keys.size(); i += slices) {
                    write(keys.get(i), n);
                }
            }
        }

        private void write(String key, long n) {
            byte[] blob = bytes(key + ":" + n);
            try {
                versions.put(key, node.put(key, blob, versions.get(key), TTL));
                blobs.put(key, blob);
                lastWrite.put(key, writes.incrementAndGet());
            } catch (VersionConflictException e) {
                conflicts.putIfAbsent(key, "refused at write " + n + ": " + e.getMessage());
                try { // take the stored entry over, as a node reloading would, and go on
                    node.get(key).ifPresent(found -> {
                        versions.put(key, found.version());
                        blobs.put(key, found.blob());
                    });
                } catch (StoreUnavailableException down) {
                    unavailable.incrementAndGet();
                }
            } catch (StoreUnavailableException e) {
                unavailable.incrementAndGet(); // kept, written again with the same version (a parked write)
            }
        }

        long awaitWrites(long count) {
            await("writes").atMost(Duration.ofSeconds(10)).until(() -> writes.get() >= count);
            return writes.get();
        }

        void awaitEveryKeyWrittenAfter(long mark) {
            await("every key written after write " + mark).atMost(Duration.ofSeconds(15))
                    .until(() -> keys.stream().allMatch(k -> lastWrite.getOrDefault(k, 0L) > mark));
        }

    }

    private boolean allOnItsOwner(List<String> keys) throws IOException {
        for (String key : keys) {
            if (!onItsOwner(key)) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the first server holds the key ({@code get} on it directly) */
    private boolean onItsOwner(String key) throws IOException {
        return command(one, "get " + key + "\r\n").startsWith("VALUE ");
    }

    private int ownerPort(String key) {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", one.port());
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", two.port());
        return new KetamaRing(List.of(a, b)).primary(key, Set.of(a, b)).getPort();
    }

    private List<String> keys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(newKey());
        }
        return keys;
    }

    private String keyOwnedBy(MemcachedServerProcess server) {
        while (true) {
            String key = newKey();
            if (ownerPort(key) == server.port()) {
                return key;
            }
        }
    }

    private static String newKey() {
        return "limpet:it:" + UUID.randomUUID().toString().replace("-", "");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes an item with flags 0, as the store did before copies were tagged. */
    private static void setUntagged(MemcachedServerProcess server, String key, String value) throws IOException {
        String reply = command(server, "set " + key + " 0 60 " + bytes(value).length + "\r\n" + value + "\r\n");
        assertEquals("STORED", reply.strip());
    }

    private static String command(MemcachedServerProcess server, String command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (!(reply.toString().endsWith("STORED\r\n") || reply.toString().endsWith("END\r\n"))) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
            return reply.toString();
        }
    }

    private static ConditionFactory awaitNode() {
        return await("xmemcached notices the dead or restarted server").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(StoreUnavailableException.class);
    }
}
