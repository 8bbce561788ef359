package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload of the real router jar under load from a Java load loop (8 users, each pinned by the router cookie,
 * new users joining all the time): SIGHUP and admin {@code POST /reload} add a node, change a weight, rotate the
 * secret in two steps and remove a node; broken files are refused with every problem listed. No request may
 * fail, and no user of a node that stays may lose its pin.
 */
class ReloadProcessIT {

    static final String NEW_SECRET = "router-it-rotated-secret-fedcba9876543210";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong pinsLost = new AtomicLong();
    private final AtomicLong movedFromRemoved = new AtomicLong();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> newUsersByNode = new ConcurrentHashMap<>();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Test
    void reloadUnderLoadFailsNothingAndKeepsEveryPin(@TempDir Path dir) throws Exception {
        try (RouterFixture farm = new RouterFixture("a", "b", "c")) {
            Path config = dir.resolve("router.yaml");
            String admin = AdminClient.yaml(dir);
            Files.writeString(config, yaml(dir, farm, List.of("a", "b"), 1, RouterFixture.SECRET, admin));
            try (RouterProcess router = new RouterProcess(config, dir.resolve("router.log"))) {
                AdminClient api = new AdminClient(router.adminPort);
                List<Thread> users = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Thread t = new Thread(() -> loop(router.port), "user-" + i);
                    t.start();
                    users.add(t);
                }
                long started = System.nanoTime();
                awaitRequests(400);

                // 1. SIGHUP: node c added, b's weight 3, the new secret appended (rotation step 1), health checks on.
                Files.writeString(config, yaml(dir, farm, List.of("a", "b", "c"), 3,
                        RouterFixture.SECRET + "\n" + NEW_SECRET, admin + "healthCheck:\n  path: /health\n"
                                + "  intervalMillis: 200\n"));
                router.signal("HUP");
                router.awaitLog("configuration reloaded", 1, 30);
                awaitRequests(requests.get() + 400);
                assertTrue(newUsersByNode.getOrDefault("c", new AtomicLong()).get() > 0,
                        "the added node got new users: " + newUsersByNode);
                assertEquals(3, api.node("b").get("weight").asInt());

                // 2. POST /reload: the new secret signs, the old one still verifies (rotation step 2).
                Files.writeString(config, yaml(dir, farm, List.of("a", "b", "c"), 3,
                        NEW_SECRET + "\n" + RouterFixture.SECRET, admin));
                HttpResponse<String> reloaded = api.post("/reload", "");
                assertEquals(200, reloaded.statusCode(), reloaded.body());
                awaitRequests(requests.get() + 400);

                // 3. Broken files are refused with every problem listed; the router keeps serving.
                String good = Files.readString(config);
                Files.writeString(config, good.replace("url: " + farm.backend("a").url(), "url: ftp://nowhere")
                        + "bogusKey: 1\n");
                HttpResponse<String> refused = api.post("/reload", "");
                assertEquals(422, refused.statusCode(), refused.body());
                JsonNode problems = AdminClient.json(refused).get("problems");
                assertTrue(problems.size() >= 2, refused.body());
                assertTrue(refused.body().contains("backends[0].url") && refused.body().contains("bogusKey"),
                        refused.body());
                router.signal("HUP");
                router.awaitLog("SIGHUP: configuration refused", 1, 30);
                Files.writeString(config, good.replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:1"));
                HttpResponse<String> restartOnly = api.post("/reload", "");
                assertEquals(422, restartOnly.statusCode(), restartOnly.body());
                assertTrue(restartOnly.body().contains("listen: changed, which needs a restart"), restartOnly.body());
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + router.adminPort + "/reload"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, anonymous.statusCode());
                awaitRequests(requests.get() + 400);

                // 4. SIGHUP: node c removed; its users move, nobody else's do.
                removed.add("c");
                Files.writeString(config, good.replace(
                        "  - route: c\n    url: " + farm.backend("c").url() + "\n", ""));
                router.signal("HUP");
                router.awaitLog("configuration reloaded", 2, 30);
                int cBefore = farm.backend("c").requests();
                awaitRequests(requests.get() + 400);
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

                running.set(false);
                for (Thread t : users) {
                    t.join(30_000);
                }
                assertTrue(farm.backend("c").requests() - cBefore <= 8,
                        "at most the requests in flight reached the removed node");
                String figures = "reload under load: " + requests.get() + " requests in " + seconds + " s, "
                        + failed.get() + " failed, " + pinsLost.get() + " pins lost, " + movedFromRemoved.get()
                        + " users moved off the removed node, new users per node " + newUsersByNode;
                System.out.println(figures);
                Files.writeString(Path.of("target", "reload-under-load.txt"), figures + "\n");
                assertEquals(List.of(), failures);
                assertEquals(0, failed.get());
                assertEquals(0, pinsLost.get());
                assertTrue(router.isAlive());
            }
        }
    }

    private void loop(int port) {
        String cookie = null;
        String pinned = null;
        int sinceNewUser = 0;
        while (running.get()) {
            if (++sinceNewUser > 40) { // a new user: no cookie, balanced afresh
                cookie = null;
                pinned = null;
                sinceNewUser = 0;
            }
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app"))
                        .timeout(Duration.ofSeconds(20));
                if (cookie != null) {
                    b.header("Cookie", cookie);
                }
                HttpResponse<String> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
                requests.incrementAndGet();
                if (r.statusCode() != 200) {
                    failed.incrementAndGet();
                    failures.add(r.statusCode() + " " + r.body());
                    continue;
                }
                String node = RouterFixture.node(r);
                String set = RouterFixture.setCookie(r, "LIMPET");
                if (set != null) {
                    cookie = set;
                }
                if (pinned == null) {
                    newUsersByNode.computeIfAbsent(node, k -> new AtomicLong()).incrementAndGet();
                } else if (!pinned.equals(node)) {
                    if (removed.contains(pinned)) {
                        movedFromRemoved.incrementAndGet();
                    } else {
                        pinsLost.incrementAndGet();
                        failures.add("pin lost: " + pinned + " -> " + node);
                    }
                }
                pinned = node;
            } catch (Exception e) {
                requests.incrementAndGet();
                failed.incrementAndGet();
                failures.add(e.toString());
            }
        }
    }

    private void awaitRequests(long n) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> assertTrue(
                requests.get() >= n, () -> "load loop stalled at " + requests.get() + " requests: " + failures));
    }

    private static String yaml(Path dir, RouterFixture farm, List<String> routes, int weightOfB, String secrets,
                               String extra) throws Exception {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, secrets + "\n");
        StringBuilder y = new StringBuilder("listen: 127.0.0.1:0\nsecretFile: " + secretFile + "\nbackends:\n");
        for (String route : routes) {
            y.append("  - route: ").append(route).append("\n    url: ").append(farm.backend(route).url()).append('\n');
            if (route.equals("b") && weightOfB != 1) {
                y.append("    weight: ").append(weightOfB).append('\n');
            }
        }
        return y.append("persistence: [router-cookie]\nbalance:\n  algorithm: weighted\n")
                .append("lifecycle:\n  stopGraceMillis: 5000\n").append(extra).toString();
    }
}
