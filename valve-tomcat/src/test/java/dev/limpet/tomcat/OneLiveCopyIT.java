package dev.limpet.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.testsupport.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One live copy per session, in two embedded Tomcat nodes sharing a real redis-server, with the default
 * (synchronous) backups — no test here waits for a backup queue: what a response showed is in the store.
 * The fork scenarios: a change made after a takeover is seen back on the first node and vice versa; two nodes
 * taking over at once lose no acknowledged update; a logout on one node ends the session on every node, also
 * for a node that is sent the session's old id after the touch interval; an attribute with a nested
 * non-serializable field is counted and logged once, and a takeover returns the last good copy.
 */
class OneLiveCopyIT {

    private static final String SECRET = "one-live-copy-it-secret-0123456789";

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private Path secret;
    private ManagerNode node1;
    private ManagerNode node2;

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServerProcess();
        redis.start();
        secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        node1 = ManagerNode.start(dir, "node1", secret, redis.uri(), m -> { });
        node2 = ManagerNode.start(dir, "node2", secret, redis.uri(), m -> { });
    }

    @AfterEach
    void stop() throws Exception {
        node1.close();
        node2.close();
        redis.close();
    }

    @Test
    void aChangeAfterATakeoverIsSeenBackOnTheFirstNodeAndViceVersa() throws Exception {
        Client user = new Client();
        String id = Client.sessionId(user.get(node1.url("/cart?add=A")));
        String base = id.substring(0, id.indexOf('.'));

        HttpResponse<String> onNode2 = user.get(node2.url("/cart?add=B")); // cookie names node1: takeover
        assertEquals("[A, B]", Client.items(onNode2));
        assertEquals(base + ".node2", Client.sessionId(onNode2));

        HttpResponse<String> backOnNode1 = user.get(node1.url("/cart?add=C")); // node1 still holds [A]
        assertEquals("[A, B, C]", Client.items(backOnNode1), "node1 dropped its stale [A] and loaded node2's change");
        assertEquals(base + ".node1", Client.sessionId(backOnNode1));
        assertEquals(1, node1.manager().getStaleCopiesDropped());

        HttpResponse<String> againOnNode2 = user.get(node2.url("/cart"));
        assertEquals("[A, B, C]", Client.items(againOnNode2), "and vice versa");
        assertEquals(1, node2.manager().getStaleCopiesDropped());
        assertEquals(0, node1.manager().getConflicts() + node2.manager().getConflicts());

        long loads = node2.manager().getStoreLoads();
        user.get(node2.url("/cart"));
        assertEquals(loads, node2.manager().getStoreLoads(), "a request naming this node's route reads nothing");
    }

    @Test
    void twoNodesTakingOverAtOnceLoseNoAcknowledgedUpdate() throws Exception {
        String cookie;
        try (ManagerNode node3 = ManagerNode.start(dir, "node3", secret, redis.uri(), m -> { })) {
            cookie = Client.sessionId(new Client().get(node3.url("/cart?add=first")));
        } // node3 is gone; its users arrive at node1 and node2 at once, with the id naming node3
        int users = 24;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> requests = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                ManagerNode node = i % 2 == 0 ? node1 : node2;
                String item = "item" + i;
                requests.add(() -> addUntilAcknowledged(node, cookie, item, acknowledged));
            }
            int refused = 0;
            for (Future<Integer> conflicts : pool.invokeAll(requests)) {
                refused += conflicts.get();
            }
            long conflicts = node1.manager().getConflicts() + node2.manager().getConflicts();
            assertTrue(refused <= conflicts, "every refused request is a counted conflict: " + refused + " > " + conflicts);
        } finally {
            pool.shutdownNow();
        }
        acknowledged.add("first");
        for (ManagerNode node : List.of(node1, node2)) {
            String items = Client.items(new Client().withCookie("JSESSIONID", cookie).get(node.url("/cart")));
            assertEquals(new TreeSet<>(acknowledged), new TreeSet<>(Arrays.asList(items.substring(1, items.length() - 1)
                    .split(", "))), "exactly the acknowledged items, on " + node.route());
        }
    }

    /** Adds an item, retrying on 409 (the lost race was not stored). @return how many 409s it got */
    private static int addUntilAcknowledged(ManagerNode node, String cookie, String item, Set<String> acknowledged)
            throws Exception {
        for (int conflicts = 0; conflicts < 50; conflicts++) {
            HttpResponse<String> response = new Client().withCookie("JSESSIONID", cookie).get(node.url("/cart?add=" + item));
            if (response.statusCode() == 200) {
                assertTrue(Client.items(response).contains(item));
                acknowledged.add(item);
                return conflicts;
            }
            assertEquals(409, response.statusCode(), response.body());
        }
        throw new AssertionError(item + " never acknowledged");
    }

    @Test
    void aLogoutOnOneNodeEndsTheSessionOnEveryNodeAlsoAfterTheTouchInterval() throws Exception {
        Client user = new Client();
        String id1 = Client.sessionId(user.get(node1.url("/cart?add=A&maxInactiveSeconds=10"))); // touch interval 1 s
        String id2 = Client.sessionId(user.get(node2.url("/cart?add=B")));
        user.get(node2.url("/invalidate")); // logout on node2; node1 still holds a copy

        // A user who kept the node1 cookie, once the touch interval has passed: the request is served from node1's
        // copy without a store read, but its expiry refresh finds the tombstone, so the copy is dropped and the next
        // request gets no session; the stale copy never writes the session back.
        Thread.sleep(1500); // the scenario: the touch interval passes
        Client oldCookie = new Client().withCookie("JSESSIONID", id1);
        oldCookie.get(node1.url("/touch"));
        String base = id1.substring(0, id1.indexOf('.'));
        await("node1 drops its copy after the touch interval").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Client.sessionId(new Client().withCookie("JSESSIONID", id1).get(node1.url("/touch"))),
                        next -> !next.startsWith(base + "."));
        assertEquals(1, node1.manager().getStaleCopiesDropped());

        for (ManagerNode node : List.of(node1, node2)) {
            for (String cookie : List.of(id1, id2)) {
                HttpResponse<String> after = new Client().withCookie("JSESSIONID", cookie).get(node.url("/cart"));
                assertFalse(Client.sessionId(after).startsWith(base + "."), "no session anywhere: " + after.body());
                assertEquals("[]", Client.items(after));
            }
        }
    }

    @Test
    void aNestedUnserializableFieldIsCountedLoggedOnceAndTakeoverReturnsTheLastGoodCopy() throws Exception {
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (warnings) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(LimpetSessionManager.class.getName());
        logger.addHandler(capture);
        try {
            Client user = new Client();
            user.get(node1.url("/cart?add=A"));
            user.get(node1.url("/gift"));
            user.get(node1.url("/cart?add=B"));
            assertEquals(2, node1.manager().getBackupFailures(), node1.manager().getBackupFailuresByCause());
            assertTrue(node1.manager().getBackupFailuresByCause().contains("unserializable=2"),
                    node1.manager().getBackupFailuresByCause());
            List<String> logged;
            synchronized (warnings) {
                logged = warnings.stream().filter(m -> m.contains("not backed up")).toList();
            }
            assertEquals(1, logged.size(), "logged once per session and cause: " + logged);
            assertTrue(logged.get(0).contains("attribute [gift]") && logged.get(0).contains("java.lang.Object"),
                    logged.get(0));

            HttpResponse<String> takenOver = user.get(node2.url("/cart"));
            assertEquals("[A]", Client.items(takenOver), "the last good copy");
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void aStreamedResponseIsCommittedOnlyAfterItsSessionIsStored() throws Exception {
        Client user = new Client();
        String id = Client.sessionId(user.get(node1.url("/cart?add=A")));
        ManagerNode.streamGate = new java.util.concurrent.CountDownLatch(1);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> streaming = http.send(HttpRequest.newBuilder(URI.create(node1.url("/stream?add=S")))
                .header("Cookie", "JSESSIONID=" + id).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.BufferedReader body = new java.io.BufferedReader(
                new java.io.InputStreamReader(streaming.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertEquals("items=[A, S]", body.readLine(), "the first part, flushed while the request still runs");
            assertEquals("[A, S]", Client.items(new Client().withCookie("JSESSIONID", id).get(node2.url("/cart"))),
                    "what the client already sees is in the store");
            ManagerNode.streamGate.countDown();
            assertEquals("done", body.readLine());
        } finally {
            ManagerNode.streamGate.countDown();
        }
    }

    @Test
    void theStoreIsWrittenBeforeTheResponseAndUnchangedRequestsCostNoStoreOperation() throws Exception {
        Client user = new Client();
        String id = Client.sessionId(user.get(node1.url("/cart?add=A")));
        assertEquals(1, node1.manager().getStoreSaves(), "written before the response, no queue involved");
        assertNotEquals(0, node1.manager().getBytesWritten());
        for (int i = 0; i < 5; i++) {
            user.get(node1.url("/cart"));
        }
        assertEquals(1, node1.manager().getStoreSaves());
        assertEquals(0, node1.manager().getStoreLoads());
        assertEquals(0, node1.manager().getBackupQueueSize());
        assertEquals("[A]", Client.items(new Client().withCookie("JSESSIONID", id).get(node2.url("/cart"))));
    }
}
