package dev.limpet.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.testsupport.RedisServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Acknowledged means stored", on the real Tomcat 11 distribution behind the router, with the default
 * (synchronous) backups on a throwaway redis-server: 100 users shop at once — add an item (POST, answered
 * 303: the acknowledgement), then look at their cart (GET /cart.txt, the next page) — while the node serving
 * about half of them is killed with {@code kill -9}. Every request succeeds (the router retries the GETs that
 * were in flight on the dead node; the users it served move to the other node, which takes their sessions
 * over), and every next page shows exactly the cart the user's acknowledged adds built — including the adds
 * acknowledged just before the kill, which asynchronous backups lose.
 *
 * <p>The kill waits until no POST is in flight (a read-write lock the users hold while posting): a
 * non-idempotent request the node dies while answering has an unknown outcome for any proxy, which is HTTP's
 * limit and not the session store's; GETs keep flowing across the kill.
 */
class AcknowledgedCartsIT {

    private static final int USERS = 100;
    /** What the cart webapp sells ({@code dev.limpet.samples.cart.Catalogue}; the war is not on this classpath). */
    private static final List<String> ITEMS = List.of("Limpet plush toy", "Tide table 2027", "Rock pool guide",
            "Sea glass necklace", "Barnacle-proof boots", "Lighthouse postcard set");

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAddSurvivesKill9OfANodeUnderLoad() throws Exception {
        Path home = ItFiles.tomcatHomes().stream().filter(h -> h.toString().contains("-11.")).findFirst().orElseThrow();
        try (RedisServerProcess redis = new RedisServerProcess()) {
            redis.start();
            try (SessionCluster cluster = SessionCluster.start(home, dir.resolve("tomcat"),
                    "storeUri=\"" + redis.uri() + "\"", List.of("node1", "node2"))) {
                shopThroughAKill(cluster);
            }
        }
    }

    private void shopThroughAKill(SessionCluster cluster) throws Exception {
        ReentrantReadWriteLock posting = new ReentrantReadWriteLock();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger requests = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        List<Future<Map<String, Integer>>> users = new ArrayList<>();
        try {
            for (int u = 0; u < USERS; u++) {
                int user = u;
                users.add(pool.submit(() -> shop(cluster, user, posting, stop, requests, failures)));
            }
            awaitRequests(requests, USERS * 6, failures);
            posting.writeLock().lock();
            try {
                cluster.kill9("node1");
                // GETs keep flowing meanwhile; those that meet a connection the router pooled to node1 are retried
                // on node2. A POST sent on such a connection could not be (its body went out), so posting resumes
                // once the router has had a moment to see node1's connections closed.
                Thread.sleep(1000); // the scenario: a moment for the router to see node1's connections closed
            } finally {
                posting.writeLock().unlock();
            }
            int atKill = requests.get();
            awaitRequests(requests, atKill + USERS * 6, failures);
            stop.set(true);
            for (Future<Map<String, Integer>> user : users) {
                user.get();
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertEquals(List.of(), new ArrayList<>(failures), failures.size() + " of " + requests.get() + " requests failed"
                + " or showed another cart than the acknowledged one\n" + cluster.console("node2"));
        long takeovers = cluster.console("node2").lines().filter(l -> l.contains("Took over session")).count();
        assertTrue(takeovers > 0, "node1's users were taken over");
        System.out.println("AcknowledgedCartsIT: " + requests.get() + " requests of " + USERS + " users, none failed,"
                + " every page showed the acknowledged cart; node2 took over " + takeovers + " sessions");
    }

    /** One user: add, look, pause, until told to stop. @return the cart the user's acknowledged adds built */
    private static Map<String, Integer> shop(SessionCluster cluster, int user, ReentrantReadWriteLock posting,
                                             AtomicBoolean stop, AtomicInteger requests,
                                             ConcurrentLinkedQueue<String> failures) throws InterruptedException {
        Browser browser = new Browser();
        Map<String, Integer> acknowledged = new TreeMap<>();
        for (int step = 0; !stop.get() && failures.isEmpty(); step++) {
            String item = ITEMS.get((user + step) % ITEMS.size());
            String doing = "add";
            try {
                posting.readLock().lock();
                HttpResponse<String> added;
                try {
                    added = browser.post(cluster.cart("/cart"), "action=add&quantity=1&item=" + item.replace(' ', '+'));
                } finally {
                    posting.readLock().unlock();
                }
                requests.incrementAndGet();
                if (added.statusCode() != 303) {
                    failures.add("user " + user + ": add answered " + added.statusCode());
                    break;
                }
                acknowledged.merge(item, 1, Integer::sum);
                doing = "page";
                HttpResponse<String> page = browser.get(cluster.cart("/cart.txt"));
                requests.incrementAndGet();
                Map<String, Integer> shown = items(page.body());
                if (page.statusCode() != 200 || !shown.equals(acknowledged)) {
                    failures.add("user " + user + " step " + step + ": acknowledged " + acknowledged + ", page ("
                            + page.statusCode() + ", " + Browser.servedBy(page) + ") shows " + shown);
                    break;
                }
            } catch (Exception | AssertionError e) {
                failures.add("user " + user + " step " + step + " (" + doing + "): " + e);
                break;
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(20, 120)); // the scenario: a user's think time
        }
        return acknowledged;
    }

    private static Map<String, Integer> items(String cartText) {
        Map<String, Integer> items = new TreeMap<>();
        cartText.lines().filter(l -> l.contains("\t")).forEach(l -> {
            String[] parts = l.split("\t");
            items.put(parts[0], Integer.parseInt(parts[1].trim()));
        });
        return items;
    }

    private static void awaitRequests(AtomicInteger requests, int target, ConcurrentLinkedQueue<String> failures) {
        await("load reaches " + target + " requests").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(50))
                .until(() -> requests.get() >= target || !failures.isEmpty());
    }
}
