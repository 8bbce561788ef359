package dev.limpet.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoreProviders;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.testsupport.RedisServerProcess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Redis-specific behaviour against a real redis-server: layout, round trips, script cache, auth, a hung server. */
class RedisStoreBackendIT {

    private static RedisServerProcess redis;
    private static RedisClient admin;

    @BeforeAll
    static void startRedis() {
        redis = new RedisServerProcess().withPassword("s3cret/pw");
        redis.start();
        admin = RedisClient.create("127.0.0.1", redis.port(), null, "s3cret/pw");
    }

    @AfterAll
    static void stopRedis() {
        admin.close();
        redis.close();
    }

    private static StoreBackend open(long timeoutMillis) throws StoreException {
        return StoreProviders.open(new StoreOptions("redis://:s3cret%2Fpw@127.0.0.1:" + redis.port() + "/0", timeoutMillis,
                null, Map.of()), RedisStoreBackendIT.class.getClassLoader());
    }

    @Test
    void theValueIsTheVersionThenTheBlobWithAMillisecondExpiry() throws Exception {
        try (StoreBackend backend = open(500)) {
            assertEquals(1, backend.put("limpet:it:layout", new byte[] {9, 8, 7}, StoreBackend.NEW_ONLY, 60_000));
            assertEquals(2, backend.put("limpet:it:layout", new byte[] {6}, 1, 60_000));
            byte[] raw = admin.get("limpet:it:layout".getBytes(StandardCharsets.UTF_8));
            assertEquals(2, ByteBuffer.wrap(raw, 0, 8).getLong());
            assertArrayEquals(new byte[] {6}, Arrays.copyOfRange(raw, 8, raw.length));
            long pttl = admin.pttl("limpet:it:layout");
            assertTrue(pttl > 59_000 && pttl <= 60_000, "pttl " + pttl);
        }
    }

    @Test
    void eachOperationIsOneRoundTrip() throws Exception {
        try (StoreBackend backend = open(500)) {
            backend.put("limpet:it:rt", new byte[10], StoreBackend.ANY_VERSION, 60_000);
            Map<String, Long> before = commandCalls();
            backend.get("limpet:it:rt");
            backend.put("limpet:it:rt", new byte[10], StoreBackend.ANY_VERSION, 60_000);
            backend.touch("limpet:it:rt", 60_000);
            backend.remove("limpet:it:rt");
            Map<String, Long> delta = delta(before, commandCalls());
            assertEquals(Map.of("get", 1L, "evalsha", 1L, "pexpire", 1L, "del", 1L, "getrange", 1L, "set", 1L), delta,
                    "client commands get/evalsha/pexpire/del; getrange and set run inside the script on the server");
        }
    }

    @Test
    void aFlushedScriptCacheCostsOneExtraRoundTripAndNothingElse() throws Exception {
        try (StoreBackend backend = open(500)) {
            admin.scriptFlush();
            assertEquals(1, backend.put("limpet:it:flush", new byte[1], StoreBackend.NEW_ONLY, 60_000));
            assertEquals(2, backend.put("limpet:it:flush", new byte[1], 1, 60_000));
        }
    }

    @Test
    void aWrongPasswordIsStoreUnavailable() throws Exception {
        StoreOptions wrong = new StoreOptions("redis://:wrong@127.0.0.1:" + redis.port() + "/0", 500, null, Map.of());
        try (StoreBackend backend = StoreProviders.open(wrong, getClass().getClassLoader())) {
            assertThrows(StoreUnavailableException.class, () -> backend.get("limpet:it:auth"));
        }
    }

    @Test
    void aHungServerGivesStoreUnavailableWithinTheOperationTimeout() throws Exception {
        try (StoreBackend backend = open(300)) {
            backend.put("limpet:it:hung", new byte[1], StoreBackend.ANY_VERSION, 60_000);
            redis.suspend();
            try {
                long start = System.nanoTime();
                assertThrows(StoreUnavailableException.class, () -> backend.get("limpet:it:hung"));
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(elapsedMillis >= 250 && elapsedMillis < 800, "took " + elapsedMillis + " ms for a 300 ms timeout");
            } finally {
                redis.resume();
            }
            assertEquals(1, backend.get("limpet:it:hung").orElseThrow().blob().length);
        }
    }

    @Test
    void theFirstReadsAfterARestartUseFreshConnections() throws Exception {
        try (StoreBackend backend = open(500)) {
            backend.put("limpet:it:restart", new byte[1], StoreBackend.ANY_VERSION, 60_000);
            assertEquals(1, backend.get("limpet:it:restart").orElseThrow().blob().length);
            admin.close();
            redis.restart();
            admin = RedisClient.create("127.0.0.1", redis.port(), null, "s3cret/pw");
            assertEquals(java.util.Optional.empty(), backend.get("limpet:it:restart"), "no error: the stale connection is replaced");
            assertEquals(false, backend.touch("limpet:it:restart", 60_000));
            backend.remove("limpet:it:restart");
        }
    }

    private static Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : admin.info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(','));
                calls.put(name, Long.parseLong(count));
            }
        }
        return calls;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((name, count) -> {
            long d = count - before.getOrDefault(name, 0L);
            if (d != 0 && !name.equals("info")) {
                delta.put(name, d);
            }
        });
        return delta;
    }
}
