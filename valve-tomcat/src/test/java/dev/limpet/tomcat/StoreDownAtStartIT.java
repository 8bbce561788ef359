package dev.limpet.tomcat;

import static dev.limpet.tomcat.StoreOutageIT.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.testsupport.MemcachedServerProcess;
import dev.limpet.testsupport.PostgresServerProcess;
import dev.limpet.testsupport.RedisServerProcess;
import dev.limpet.testsupport.ServerProcess;
import java.net.URI;
import org.apache.catalina.LifecycleState;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store server is not running when the node starts: the Context starts anyway, sticky mode serves (and
 * creates) sessions locally, and once the server comes up the backups catch up without a restart, so a second node
 * takes the sessions over. Real servers on free ports, started only after the first node.
 */
class StoreDownAtStartIT {

    @TempDir
    Path dir;

    @Test
    void redis() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            stickyNodeStartsWithoutTheStoreAndCatchesUp(redis, p -> redis.uri());
        }
    }

    @Test
    void memcached() throws Exception {
        try (MemcachedServerProcess memcached = new MemcachedServerProcess()) {
            stickyNodeStartsWithoutTheStoreAndCatchesUp(memcached, p -> "memcached://" + memcached.address());
        }
    }

    @Test
    void postgresqlWithCreateSchema() throws Exception {
        try (PostgresServerProcess postgres = new PostgresServerProcess()) {
            stickyNodeStartsWithoutTheStoreAndCatchesUp(postgres, p -> postgres.jdbcUrl() + "&createSchema=true");
        }
    }

    @Test
    void redisSentinelAndClusterWithoutAnyReachableNodeStartAndServeLocally() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), StoreOutageIT.SECRET + "\n");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String sentinel = "redis-sentinel://127.0.0.1:" + port + "/0?master=mymaster";
        try (ManagerNode node = ManagerNode.start(dir, "node1", secret, sentinel, m -> {
            m.setSticky(false); // degrades like sticky mode, but leaves no backup to drain at stop
            m.setOperationTimeoutMillis(300);
        })) {
            assertEquals(LifecycleState.STARTED, node.manager().getState());
            assertEquals("[fig]", Client.items(new Client().get(node.url("/cart?add=fig"))));
            assertTrue(node.manager().getStoreErrors() > 0, "store errors are counted");
        }
        try (ManagerNode node = ManagerNode.start(dir, "node2", secret, "redis-cluster://127.0.0.1:" + port,
                m -> m.setOperationTimeoutMillis(300))) {
            assertEquals(LifecycleState.STARTED, node.manager().getState());
            assertEquals(200, new Client().get(node.url("/none")).statusCode());
        }
    }

    @Test
    void nonStickyFollowsFailOnStoreErrorWhileDownAndWorksOnceUp() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), StoreOutageIT.SECRET + "\n");
        try (RedisServerProcess redis = new RedisServerProcess();
             ManagerNode strict = ManagerNode.start(dir, "strict", secret, redis.uri(), false, m -> {
                 m.setSticky(false);
                 m.setFailOnStoreError(true);
                 m.setOperationTimeoutMillis(500);
             });
             ManagerNode lenient = ManagerNode.start(dir, "lenient", secret, redis.uri(), false, m -> {
                 m.setSticky(false);
                 m.setOperationTimeoutMillis(500);
             })) {
            assertEquals(503, rawGet(strict.url("/cart?add=apple")).statusCode(), "failOnStoreError: 503 while down");
            assertEquals("[fig]", Client.items(new Client().get(lenient.url("/cart?add=fig"))), "degrades while down");
            assertTrue(strict.manager().getStoreErrors() > 0 && lenient.manager().getStoreErrors() > 0);

            redis.start();
            waitUntil(() -> rawGet(strict.url("/cart?add=apple")).statusCode() == 200, "the strict node serves");
            Client user = new Client();
            String id = Client.sessionId(user.get(strict.url("/cart?add=apple")));
            assertEquals("[apple]", Client.items(new Client().withCookie("JSESSIONID", id).get(lenient.url("/cart"))));
        }
    }

    private void stickyNodeStartsWithoutTheStoreAndCatchesUp(ServerProcess server, Function<ServerProcess, String> uri)
            throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), StoreOutageIT.SECRET + "\n");
        String storeUri = uri.apply(server);
        try (ManagerNode node1 = ManagerNode.start(dir, "node1", secret, storeUri, m -> m.setOperationTimeoutMillis(500))) {
            assertEquals(LifecycleState.STARTED, node1.manager().getState(), "the manager starts without its store");
            Client user = new Client();
            String id = Client.sessionId(user.get(node1.url("/cart?add=apple")));
            assertEquals("[apple, pear]", Client.items(user.get(node1.url("/cart?add=pear"))));
            assertEquals("[fig]", Client.items(new Client().get(node1.url("/cart?add=fig"))), "new sessions work");
            waitUntil(() -> !node1.manager().getStoreAvailable(), "the breaker opens");
            assertTrue(node1.manager().getStoreErrors() > 0, "store errors are counted");
            assertTrue(node1.manager().getBackupQueueSize() > 0, "the backups wait for the store");

            server.start();
            waitUntil(() -> stored(storeUri, id).isPresent(), "the session changed during the outage reaches the store");
            assertEquals("[apple, pear]", stored(storeUri, id).orElseThrow());
            waitUntil(() -> node1.manager().getStoreAvailable(), "the store is available again");
            try (ManagerNode node2 = ManagerNode.start(dir, "node2", secret, storeUri, m -> { })) {
                HttpResponse<String> takenOver = user.get(node2.url("/cart?add=plum"));
                assertEquals("[apple, pear, plum]", Client.items(takenOver), "node2 takes the session over");
                assertTrue(Client.sessionId(takenOver).endsWith(".node2"));
            }
        }
    }

    private static Optional<String> stored(String storeUri, String sessionId) {
        try {
            return StoreOutageIT.storedItems(storeUri, sessionId);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static HttpResponse<String> rawGet(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
