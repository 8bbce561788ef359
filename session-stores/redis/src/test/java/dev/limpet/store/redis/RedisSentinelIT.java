package dev.limpet.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.testsupport.RedisServerProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A session store found through a real Sentinel ({@code redis-server --sentinel}) monitoring a real master. */
class RedisSentinelIT {

    private static RedisServerProcess master;
    private static RedisServerProcess sentinel;

    @BeforeAll
    static void startServers() {
        master = new RedisServerProcess().withPassword("masterpw");
        master.start();
        sentinel = RedisServerProcess.sentinelOf(master, "limpetmaster");
        sentinel.start();
    }

    @AfterAll
    static void stopServers() {
        sentinel.close();
        master.close();
    }

    @Test
    void sessionsRoundTripThroughTheMasterTheSentinelNames() throws Exception {
        String uri = "redis-sentinel://:masterpw@127.0.0.1:" + sentinel.port() + "/1?master=limpetmaster";
        SessionSerializer serializer = SessionSerializer.builder().build();
        try (SessionStore store = SessionStore.open(new StoreOptions(uri, 1000, null, Map.of()), "sentinel",
                MasterSecrets.parse("sentinel-test-secret-0123456789", "test").keyRing(KeyPurpose.SESSION_BLOB),
                serializer)) {
            long version = store.save("SentinelSession01", new SessionMetadata(1, 2, 60, "node1"),
                    serializer.serialize(Map.of("via", "sentinel")), SessionStore.NEW_ONLY);
            assertEquals(1, version);
            assertEquals("sentinel", store.load("SentinelSession01").orElseThrow().attributes().get("via"));
        }
        try (var direct = redis.clients.jedis.RedisClient.create("redis://:masterpw@127.0.0.1:" + master.port() + "/1")) {
            assertTrue(direct.exists("limpet:sentinel:SentinelSession01"), "written to the master's database 1");
        }
    }
}
