package dev.limpet.store.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.code.yanf4j.nio.impl.NioController;
import com.google.code.yanf4j.nio.impl.Reactor;
import com.google.code.yanf4j.nio.impl.SelectorManager;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.testsupport.MemcachedServerProcess;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import net.rubyeye.xmemcached.MemcachedClient;
import org.junit.jupiter.api.Test;

/**
 * xmemcached's reactor can miss the selector wakeup of a command sent from an application thread (see
 * {@link ReactorWakeup}): the command then waits for the reactor's 1000 ms select to time out, and the operation
 * fails with the default timeout. The race is a window of a few instructions (bench/stores.sh hit it saving 50 KB
 * sessions); this test puts the reactors in the state it leaves — blocked in {@code select} with the "woken up"
 * flag set, so a new command does not wake them — and checks that operations still finish at once.
 */
class MemcachedReactorWakeupIT {

    private static final long TTL = 60_000;
    private static final long OP_TIMEOUT_MILLIS = 1000;

    @Test
    void aLostReactorWakeupDoesNotStallOrFailAnOperation() throws Exception {
        try (MemcachedServerProcess server = new MemcachedServerProcess()) {
            server.start();
            try (MemcachedStoreBackend store = (MemcachedStoreBackend) new MemcachedStoreProvider().open(
                    new StoreOptions("memcached://" + server.address(), OP_TIMEOUT_MILLIS, null, Map.of()))) {
                String key = "limpet:it:" + UUID.randomUUID().toString().replace("-", "");
                byte[][] blobs = {new byte[51200], new byte[51200]};
                new Random(1).nextBytes(blobs[0]);
                new Random(2).nextBytes(blobs[1]);
                long version = store.put(key, blobs[0], StoreBackend.ANY_VERSION, TTL);
                for (int i = 1; i <= 6; i++) {
                    Thread.sleep(50); // the reactors are blocked in their 1000 ms select
                    loseNextWakeup(store.primaryClient());
                    long start = System.nanoTime();
                    if (i % 2 == 0) {
                        assertTrue(store.touch(key, TTL));
                    } else {
                        version = store.put(key, blobs[i & 1], version, TTL);
                    }
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(millis < 200, "operation " + i + " took " + millis + " ms after a lost wakeup");
                }
                assertArrayEquals(blobs[1], store.get(key).orElseThrow().blob());
            }
        }
    }

    /** Sets every reactor's "woken up" flag, as the race leaves it: the next command's wakeup is skipped. */
    private static void loseNextWakeup(MemcachedClient client) throws ReflectiveOperationException {
        SelectorManager manager = ((NioController) client.getConnector()).getSelectorManager();
        Field wakenUp = Reactor.class.getDeclaredField("wakenUp");
        wakenUp.setAccessible(true);
        for (int i = 0; i < manager.getSelectorCount(); i++) {
            ((AtomicBoolean) wakenUp.get(manager.getReactorByIndex(i))).set(true);
        }
    }
}
