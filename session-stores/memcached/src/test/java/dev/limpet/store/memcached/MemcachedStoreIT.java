package dev.limpet.store.memcached;

import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.store.testkit.AbstractServerStoreContractTest;
import dev.limpet.testsupport.MemcachedServerProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real memcached started on a free port, through the ServiceLoader with a
 * {@code memcached://} URI. One node: killing it makes the whole store unreachable, as the contract's kill test
 * needs (two-node failover is {@link MemcachedStoreBackendIT}'s).
 */
class MemcachedStoreIT extends AbstractServerStoreContractTest {

    static final long TIMEOUT_MILLIS = 500;
    private static MemcachedServerProcess memcached;

    @BeforeAll
    static void startMemcached() {
        memcached = new MemcachedServerProcess();
        memcached.start();
    }

    @AfterAll
    static void stopMemcached() {
        memcached.close();
    }

    @Override
    protected StoreOptions options() {
        return new StoreOptions("memcached://" + memcached.address() + "?healIntervalMillis=200", TIMEOUT_MILLIS, null,
                Map.of());
    }

    @Override
    protected void killServer() {
        memcached.stop();
    }

    @Override
    protected void restartServer() {
        memcached.start();
    }
}
