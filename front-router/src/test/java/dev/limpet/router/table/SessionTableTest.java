package dev.limpet.router.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionTableTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private SessionTable table(long maxEntries, long idleSeconds) {
        return new SessionTable(new SessionTableConfig(maxEntries, idleSeconds, 512, null), null, nanos::get);
    }

    @Test
    void staysWithinItsBoundUnderAMillionDistinctKeys() {
        SessionTable table = table(10_000, 1800);
        for (int i = 0; i < 1_000_000; i++) {
            table.pin(table.key("cookie:JSESSIONID=", Integer.toHexString(i * 31 + 7) + "F00DCAFE"), "node1");
        }
        table.cleanUp();
        SessionTableStats stats = table.stats();
        assertTrue(stats.size() <= 10_000, "size " + stats.size());
        assertEquals(1_000_000 - stats.size(), stats.sizeEvictions(), "every other key was evicted and counted");
        assertEquals(10_000, stats.maxEntries());
    }

    @Test
    void recentlyUsedKeysSurviveEvictionAndIdleKeysExpire() {
        SessionTable table = table(1000, 60);
        String hot = table.key("h:", "hot-session");
        table.pin(hot, "node2");
        for (int i = 0; i < 5000; i++) {
            table.pin(table.key("h:", "cold-" + i), "node1");
            if (i % 100 == 0) {
                assertEquals("node2", table.route(hot), "the key in use stays");
            }
        }
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertEquals("node2", table.route(hot));
        assertEquals(30_000, table.stats().oldestAgeMillis(), "the coldest entry was last used 30 s ago");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(45));
        table.cleanUp();
        assertEquals("node2", table.route(hot), "used 45 s ago: within the 60 s idle timeout");
        assertEquals(1, table.stats().size());
        assertTrue(table.stats().idleExpirations() > 0);
    }

    @Test
    void overlongValuesAreRejectedAndLongOnesHashedToAFixedSize() {
        SessionTable table = table(1000, 60);
        assertNull(table.key("c:", "x".repeat(513)));
        assertNull(table.key("c:", ""));
        assertNull(table.key("c:", null));
        assertEquals(2, table.stats().rejectedKeys());
        String hashed = table.key("c:", "y".repeat(512));
        assertEquals("c:#".length() + 43, hashed.length());
        assertEquals(hashed, table.key("c:", "y".repeat(512)), "stable");
        assertEquals("c:short", table.key("c:", "short"));
    }

    @Test
    void pinForgetAndRepinToAnotherRoute() {
        SessionTable table = table(1000, 60);
        String key = table.key("c:", "abc");
        table.pin(key, "node1");
        table.pin(key, "node2");
        assertEquals("node2", table.route(key));
        table.forget(key);
        assertNull(table.route(key));
        table.pin(null, "node1");
        table.forget(null);
        assertNull(table.route(null));
    }

    @Test
    void pinsAreCountedPerRouteForDrainAndExposedAsMetrics() {
        SessionTable table = table(1000, 60);
        for (int i = 0; i < 30; i++) {
            table.pin(table.key("c:", "s" + i), i < 10 ? "node1" : "node2");
        }
        table.pin(table.key("c:", "s0"), "node2");
        table.forget(table.key("c:", "s1"));
        for (int i = 0; i < 2000; i++) {
            table.pin(table.key("x:", "filler" + i), "node3");
        }
        table.cleanUp();
        assertEquals(table.stats().size(), table.pinnedSessions("node1") + table.pinnedSessions("node2")
                + table.pinnedSessions("node3"), "counters follow inserts, replacements, removals and evictions");
        assertEquals(0, table.pinnedSessions("unknown"));
        io.prometheus.metrics.model.registry.PrometheusRegistry registry =
                new io.prometheus.metrics.model.registry.PrometheusRegistry();
        SessionTableMetrics.register(registry, table);
        java.util.Set<String> names = new java.util.HashSet<>();
        registry.scrape().forEach(m -> names.add(m.getMetadata().getPrometheusName()));
        assertTrue(names.containsAll(java.util.List.of("limpet_router_session_table_oldest_age_seconds",
                "limpet_router_session_table_evictions", "limpet_router_session_table_max_entries")), names.toString());
    }

    /** An in-memory {@link SharedPins} that counts reads (the Redis one is exercised by SharedSessionTableIT). */
    private static final class MapPins implements SharedPins {
        final java.util.Map<String, String> map = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String get(String key) {
            reads.incrementAndGet();
            return map.get(key);
        }

        @Override
        public void put(String key, String route) {
            map.put(key, route);
        }

        @Override
        public void delete(String key) {
            map.remove(key);
        }

        @Override
        public long readHits() {
            return 0;
        }

        @Override
        public long failures() {
            return 0;
        }

        @Override
        public long writesDropped() {
            return 0;
        }

        @Override
        public void flush(long timeoutMillis) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void anUnknownValueCostsOneSharedReadPerMissWindowAndLearningClearsTheMiss() {
        MapPins pins = new MapPins();
        SessionTable table = new SessionTable(new SessionTableConfig(1000, 600, 512, null), pins, nanos::get);
        String key = table.key("c:", "never-issued");
        for (int i = 0; i < 50; i++) {
            assertNull(table.route(key));
        }
        assertEquals(1, pins.reads.get());
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(SessionTable.SHARED_MISS_SECONDS + 1));
        assertNull(table.route(key));
        assertEquals(2, pins.reads.get(), "asked again after the miss window");
        table.pin(key, "node1");
        assertEquals("node1", pins.map.get(key), "written behind to the shared store");
        assertEquals("node1", table.route(key));
        pins.map.put(table.key("c:", "from-another-router"), "node2");
        assertEquals("node2", table.route(table.key("c:", "from-another-router")), "read through on a local miss");
    }
}
