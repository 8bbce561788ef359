package dev.limpet.store.redis;

import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.store.testkit.AbstractServerStoreContractTest;
import dev.limpet.testsupport.RedisServerProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real redis-server started on a free port. */
class RedisStoreIT extends AbstractServerStoreContractTest {

    static final long TIMEOUT_MILLIS = 500;
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = new RedisServerProcess();
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected StoreOptions options() {
        return new StoreOptions(redis.uri(), TIMEOUT_MILLIS, null, Map.of("maxConnections", "16"));
    }

    @Override
    protected void killServer() {
        redis.stop();
    }

    @Override
    protected void restartServer() {
        redis.start();
    }
}
