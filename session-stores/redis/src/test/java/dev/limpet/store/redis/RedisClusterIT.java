package dev.limpet.store.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * A session store on a real three-node Redis Cluster (created with {@code redis-cli --cluster create}): sessions
 * spread over every node's slots, each node loads the versioned-put script on first use (NOSCRIPT, then EVAL), and
 * the version check holds.
 */
class RedisClusterIT {

    private static final List<RedisServerProcess> NODES = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int i = 0; i < 3; i++) {
            RedisServerProcess node = new RedisServerProcess().asClusterNode();
            node.start();
            NODES.add(node);
            create.add("127.0.0.1:" + node.port());
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process cli = new ProcessBuilder(create).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes());
        if (cli.waitFor() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed (apt-get install -y redis-tools): " + output);
        }
        awaitClusterOk();
    }

    private static void awaitClusterOk() {
        for (RedisServerProcess node : NODES) {
            await("cluster_state:ok on port " + node.port()).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).until(() -> clusterInfo(node), info -> info.contains("cluster_state:ok"));
        }
    }

    private static String clusterInfo(RedisServerProcess node) throws Exception {
        Process cli = new ProcessBuilder("redis-cli", "-p", String.valueOf(node.port()), "cluster", "info")
                .redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes());
        cli.waitFor();
        return output;
    }

    @AfterAll
    static void stopCluster() {
        NODES.forEach(RedisServerProcess::close);
    }

    @Test
    void sessionsSpreadOverTheNodesAndKeepTheirVersions() throws Exception {
        String uri = "redis-cluster://127.0.0.1:" + NODES.get(0).port() + ",127.0.0.1:" + NODES.get(1).port();
        SessionSerializer serializer = SessionSerializer.builder().build();
        SessionMetadata metadata = new SessionMetadata(1, 2, 60, "node1");
        try (SessionStore store = SessionStore.open(new StoreOptions(uri, 1000, null, Map.of()), "cluster",
                MasterSecrets.parse("cluster-test-secret-0123456789", "test").keyRing(KeyPurpose.SESSION_BLOB), serializer)) {
            for (int i = 0; i < 30; i++) {
                String id = "ClusterSession" + i;
                long v1 = store.save(id, metadata, serializer.serialize(Map.of("i", i)), SessionStore.NEW_ONLY);
                assertEquals(2, store.save(id, metadata, serializer.serialize(Map.of("i", i + 100)), v1));
                assertThrows(VersionConflictException.class,
                        () -> store.save(id, metadata, serializer.serialize(Map.of("i", -1)), v1));
                assertEquals(i + 100, store.load(id).orElseThrow().attributes().get("i"));
                store.touch(id, 120);
            }
        }
        for (RedisServerProcess node : NODES) {
            try (RedisClient client = RedisClient.create("127.0.0.1", node.port())) {
                long keys = client.dbSize();
                if (keys == 0) {
                    throw new AssertionError("node " + node.port() + " holds no session: keys were not spread");
                }
            }
        }
    }
}
