package dev.limpet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.servlet.FilterNode.Container;
import dev.limpet.store.testkit.CookieClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One live copy under load, through the servlet filter on two nodes of one container sharing the Redis on 6379
 * (a fresh key prefix), sticky with synchronous backups: the node that created a session is gone, and its user's
 * requests reach both other nodes at once, all naming the gone node's route. Each node takes the session over,
 * and while one request of a node uses its copy, a concurrent request of the same node finds that the other node
 * wrote since and drops the copy as stale. No request may be acknowledged (200) for a change that is then stored
 * nowhere — neither made in the dropped copy nor in a fresh session the application got in its place — and the
 * session must never be replaced by another one: every item answered 200 is in the stored cart, a refused one is
 * answered 409 and retried. The filter's counterpart of Tomcat's {@code OneLiveCopyIT}.
 */
class ConcurrentTakeoverFilterIT {

    private static final int USERS = 24;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Container.class)
    void twoNodesTakingOverAtOnceLoseNoAcknowledgedUpdate(Container container) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "limpet-servlet-takeover-it-secret-0001\n");
        Map<String, String> store = Map.of("storeUri", "redis://127.0.0.1:6379/0",
                "keyPrefix", "servlet-race-it/" + UUID.randomUUID().toString().substring(0, 8));
        String cookie;
        try (FilterNode gone = FilterNode.start(container, "nodeC", secret, store)) {
            CookieClient user = new CookieClient();
            assertEquals(200, user.get(gone.url("/cart?add=first")).statusCode());
            cookie = user.cookie("JSESSIONID").orElseThrow();
        }
        try (FilterNode a = FilterNode.start(container, "nodeA", secret, store);
             FilterNode b = FilterNode.start(container, "nodeB", secret, store)) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> requests = new ArrayList<>();
                for (int i = 0; i < USERS; i++) {
                    FilterNode node = i % 2 == 0 ? a : b;
                    String item = "item" + i;
                    requests.add(() -> addUntilAcknowledged(node, cookie, item, acknowledged));
                }
                int refused = 0;
                for (Future<Integer> conflicts : pool.invokeAll(requests)) {
                    refused += conflicts.get();
                }
                long conflicts = a.sessions.counters().conflicts() + b.sessions.counters().conflicts();
                assertTrue(refused <= conflicts, "every refused request is a counted conflict: " + refused + " > "
                        + conflicts);
            } finally {
                pool.shutdownNow();
            }
            acknowledged.add("first");
            for (FilterNode node : List.of(a, b)) {
                HttpResponse<String> stored = new CookieClient().withCookie("JSESSIONID", cookie)
                        .get(node.url("/cart"));
                assertEquals(200, stored.statusCode(), stored.body());
                assertEquals(new TreeSet<>(acknowledged), items(stored), "exactly the acknowledged items, on "
                        + node.url("/"));
            }
        }
    }

    /** Adds an item, retrying on 409 (the lost race was not stored). @return how many 409s it got */
    private static int addUntilAcknowledged(FilterNode node, String cookie, String item, Set<String> acknowledged)
            throws Exception {
        String base = base(cookie);
        for (int conflicts = 0; conflicts < 50; conflicts++) {
            CookieClient user = new CookieClient().withCookie("JSESSIONID", cookie);
            HttpResponse<String> response = user.get(node.url("/cart?add=" + item));
            if (response.statusCode() == 200) {
                assertEquals(base, base(user.cookie("JSESSIONID").orElseThrow()),
                        "the session was replaced by another one: " + response.body());
                assertTrue(items(response).contains(item), response.body());
                acknowledged.add(item);
                return conflicts;
            }
            assertEquals(409, response.statusCode(), response.body());
        }
        throw new AssertionError(item + " never acknowledged");
    }

    /** @return the id without its route */
    private static String base(String sessionId) {
        int dot = sessionId.indexOf('.');
        return dot < 0 ? sessionId : sessionId.substring(0, dot);
    }

    /** @return the items of a {@code cart=[…] route=…} answer */
    private static Set<String> items(HttpResponse<String> response) {
        String body = response.body();
        String list = body.substring(body.indexOf("cart=[") + 6, body.indexOf(']'));
        return new TreeSet<>(Arrays.asList(list.split(", ")));
    }
}
