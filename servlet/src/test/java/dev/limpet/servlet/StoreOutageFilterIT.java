package dev.limpet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.servlet.FilterNode.Container;
import dev.limpet.sessions.BackupFailure;
import dev.limpet.store.testkit.CookieClient;
import dev.limpet.testsupport.RedisServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store killed under two filter nodes (its own {@code redis-server} on a free port, SIGKILL): requests are
 * still served from the local copy, changes included, never a 5xx; when the store is back (restarted empty) the
 * parked write catches up, and the other node takes the session over with every change.
 */
class StoreOutageFilterIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Container.class)
    void storeDownDegradesThenCatchesUp(Container container) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "limpet-servlet-outage-it-secret-00001\n");
        try (RedisServerProcess redis = new RedisServerProcess()) {
            redis.start();
            Map<String, String> store = Map.of("storeUri", "redis://127.0.0.1:" + redis.port() + "/0",
                    "operationTimeoutMillis", "300");
            try (FilterNode a = FilterNode.start(container, "nodeA", secret, store);
                 FilterNode b = FilterNode.start(container, "nodeB", secret, store)) {
                CookieClient user = new CookieClient();
                assertTrue(ok(user.get(a.url("/cart?add=X"))).startsWith("cart=[X] "));

                redis.stop();
                assertTrue(ok(user.get(a.url("/cart?add=Y"))).startsWith("cart=[X, Y] "), "served while down");
                assertTrue(ok(user.get(a.url("/cart?add=Z"))).startsWith("cart=[X, Y, Z] "));
                assertTrue(a.sessions.counters().backupFailures(BackupFailure.STORE_UNAVAILABLE) > 0, "counted");
                CookieClient newcomer = new CookieClient();
                assertTrue(ok(newcomer.get(a.url("/cart?add=N"))).startsWith("cart=[N] "), "new sessions too");

                redis.start(); // same port, empty
                assertTrue(a.sessions.awaitBackups(15_000), "the parked writes were written once the store answered");
                String id = user.cookie("JSESSIONID").orElseThrow();
                assertTrue(ok(user.get(b.url("/cart"))).startsWith("cart=[X, Y, Z] route=nodeB"), "caught up");
                assertEquals(id.substring(0, id.indexOf('.')) + ".nodeB", user.cookie("JSESSIONID").orElseThrow());
                assertTrue(ok(newcomer.get(b.url("/cart"))).startsWith("cart=[N] "));
                assertEquals(0, a.sessions.counters().backupFailures(BackupFailure.QUEUE_FULL), "nothing dropped");
            }
        }
    }

    private static String ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
