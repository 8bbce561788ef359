package dev.limpet.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.store.testkit.AbstractServerStoreContractTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The store contract plus what is particular to JDBC, against one real database: the dialect's upserts and
 * version column, the schema file applied idempotently, and expiry purging by several nodes at once.
 */
abstract class AbstractJdbcStoreIT extends AbstractServerStoreContractTest {

    static final long TIMEOUT_MILLIS = 1000;

    /** @return the JDBC URL of the running database (without Limpet parameters) */
    protected abstract String jdbcUrl();

    /** @return the dialect the URL must select */
    protected abstract String expectedDialect();

    @Override
    protected StoreOptions options() {
        return options("limpet_sessions");
    }

    /** @return options for a table, created on open, sweeper off (tests purge explicitly) */
    protected StoreOptions options(String table) {
        return new StoreOptions(jdbcUrl(), TIMEOUT_MILLIS, null,
                Map.of("table", table, "createSchema", "true", "purgeIntervalSeconds", "0"));
    }

    private JdbcStoreBackend open(String table) throws StoreException {
        return (JdbcStoreBackend) new JdbcStoreProvider().open(options(table));
    }

    @Test
    void dialectSchemaAndVersionColumn() throws Exception {
        try (JdbcStoreBackend store = open("versions_it"); JdbcStoreBackend again = open("versions_it")) {
            assertEquals(expectedDialect(), store.dialectName());
            assertEquals(1, store.put("k:new", bytes(1), StoreBackend.NEW_ONLY, 60_000));
            assertEquals(2, store.put("k:new", bytes(2), StoreBackend.ANY_VERSION, 60_000));
            assertEquals(3, store.put("k:new", bytes(3), 2, 60_000));
            assertThrows(VersionConflictException.class, () -> store.put("k:new", bytes(4), 2, 60_000));
            assertThrows(VersionConflictException.class, () -> again.put("k:new", bytes(4), StoreBackend.NEW_ONLY, 60_000));
            assertThrows(VersionConflictException.class, () -> store.put("k:absent", bytes(4), 1, 60_000));
            assertEquals(1, store.put("k:any", bytes(5), StoreBackend.ANY_VERSION, 60_000));
            assertEquals(3, again.get("k:new").orElseThrow().version());
            assertArrayEquals(bytes(3), again.get("k:new").orElseThrow().blob());
        }
    }

    @Test
    void anExpiredRowIsAbsentAndCanBeCreatedAgain() throws Exception {
        try (JdbcStoreBackend store = open("revive_it")) {
            long v1 = store.put("k:short", bytes(1), StoreBackend.NEW_ONLY, 1000);
            Thread.sleep(1100); // the scenario: the row outlives its 1 s time to live
            assertTrue(store.get("k:short").isEmpty());
            assertThrows(VersionConflictException.class, () -> store.put("k:short", bytes(2), v1, 60_000));
            long v2 = store.put("k:short", bytes(2), StoreBackend.NEW_ONLY, 60_000);
            assertTrue(v2 > v1, "versions keep counting up across re-creation");
            assertEquals(v2, store.get("k:short").orElseThrow().version());
        }
    }

    @Test
    void caseSensitiveKeysAndLargeBlobs() throws Exception {
        try (JdbcStoreBackend store = open("keys_it")) {
            byte[] large = new byte[300_000];
            new java.util.Random(7).nextBytes(large);
            store.put("k:Abc", large, StoreBackend.ANY_VERSION, 60_000);
            store.put("k:abc", bytes(9), StoreBackend.ANY_VERSION, 60_000);
            assertArrayEquals(large, store.get("k:Abc").orElseThrow().blob());
            assertArrayEquals(bytes(9), store.get("k:abc").orElseThrow().blob());
        }
    }

    @Test
    void concurrentPurgersAndWritersNeitherDeadlockNorFail() throws Exception {
        int expired = 2000;
        try (JdbcStoreBackend store = open("purge_it")) {
            insertExpired("purge_it", expired);
            for (int i = 0; i < 50; i++) {
                store.put("live:" + i, bytes(i), StoreBackend.ANY_VERSION, 600_000);
            }
            AtomicBoolean purging = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Integer>> purgers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    purgers.add(pool.submit(purger(store, purging)));
                }
                Future<Integer> writer = pool.submit(writer(store, purging));
                int deleted = 0;
                for (Future<Integer> purger : purgers) {
                    deleted += purger.get();
                }
                purging.set(false);
                assertTrue(writer.get() > 0);
                assertEquals(expired, deleted, "every expired row deleted exactly once");
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, store.purgeExpired(100));
            assertEquals(50, count("purge_it"));
        }
    }

    private static Callable<Integer> purger(JdbcStoreBackend store, AtomicBoolean purging) {
        return () -> {
            int total = 0;
            int idle = 0;
            while (idle < 3) {
                int deleted = store.purgeExpired(50);
                total += deleted;
                idle = deleted == 0 ? idle + 1 : 0;
            }
            return total;
        };
    }

    private static Callable<Integer> writer(JdbcStoreBackend store, AtomicBoolean purging) {
        return () -> {
            int writes = 0;
            while (purging.get() || writes == 0) {
                String key = "live:" + (writes % 50);
                store.put(key, bytes(writes), StoreBackend.ANY_VERSION, 600_000);
                assertTrue(store.touch(key, 600_000));
                writes++;
            }
            return writes;
        };
    }

    private void insertExpired(String table, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO " + table + " (id, data, version, expires_at) VALUES (?, ?, 1, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setString(1, "expired:" + i);
                ps.setBytes(2, bytes(i));
                ps.setLong(3, System.currentTimeMillis() - 1000 - i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private long count(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theSweeperPurgesOnItsOwn() throws Exception {
        Map<String, String> properties = new HashMap<>(options("sweep_it").properties());
        properties.put("purgeIntervalSeconds", "1");
        StoreOptions sweeping = new StoreOptions(jdbcUrl(), TIMEOUT_MILLIS, null, properties);
        try (JdbcStoreBackend store = (JdbcStoreBackend) new JdbcStoreProvider().open(sweeping)) {
            insertExpired("sweep_it", 30);
            store.put("live:sweep", bytes(1), StoreBackend.ANY_VERSION, 600_000);
            await("the sweeper purges the expired rows").atMost(Duration.ofSeconds(5))
                    .until(() -> count("sweep_it"), rows -> rows == 1);
        }
    }

    static byte[] bytes(int seed) {
        byte[] b = new byte[64];
        java.util.Arrays.fill(b, (byte) seed);
        b[0] = (byte) (seed >> 8);
        return b;
    }
}
