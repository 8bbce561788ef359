package dev.limpet.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.limpet.testsupport.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * Store operations per request, counted on the server: a throwaway redis-server's {@code MONITOR} stream, where
 * every command a client sent is one round trip (commands a Lua script runs are marked {@code lua} there and are
 * not counted). Two embedded Tomcat nodes, default (synchronous) sticky backups. Prints the figures.
 */
class StoreOperationsIT {

    private static final String SECRET = "store-operations-it-secret-012345678";

    @TempDir
    Path dir;

    @Test
    void storeRoundTripsPerKindOfRequest() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        try (RedisServerProcess redis = new RedisServerProcess();
             Monitor monitor = new Monitor()) {
            redis.start();
            try (ManagerNode node1 = ManagerNode.start(dir, "node1", secret, redis.uri(), m -> { });
                 ManagerNode node2 = ManagerNode.start(dir, "node2", secret, redis.uri(), m -> { })) {
                Client user = new Client();
                String id1 = Client.sessionId(user.get(node1.url("/cart?add=A")));
                monitor.start(redis.port());
                Map<String, Map<String, Integer>> figures = new java.util.LinkedHashMap<>();

                figures.put("sticky, unchanged (read the cart)", monitor.count(redis.port(), 10, () -> user.get(node1.url("/cart"))));
                figures.put("sticky, changed (add to the cart)", monitor.count(redis.port(), 10,
                        () -> user.get(node1.url("/cart?add=B"))));
                String[] taken = new String[1];
                figures.put("takeover: another node, no local copy", monitor.count(redis.port(), 1,
                        () -> taken[0] = Client.sessionId(new Client().withCookie("JSESSIONID", id1).get(node2.url("/cart")))));
                figures.put("move back: local copy stale (node2 claimed it)", monitor.count(redis.port(), 1,
                        () -> new Client().withCookie("JSESSIONID", taken[0]).get(node1.url("/cart"))));
                figures.put("move back: local copy current", monitor.count(redis.port(), 1,
                        () -> new Client().withCookie("JSESSIONID", taken[0]).get(node1.url("/cart"))));
                figures.forEach((what, commands) -> System.out.println("store round trips per request, " + what
                        + ": " + commands.values().stream().mapToInt(Integer::intValue).sum() + " " + commands));

                assertEquals(Map.of(), figures.get("sticky, unchanged (read the cart)"));
                assertEquals(Map.of("EVALSHA", 1), figures.get("sticky, changed (add to the cart)"));
                assertEquals(Map.of("GET", 1, "EVALSHA", 1), figures.get("takeover: another node, no local copy"));
                assertEquals(Map.of("GETRANGE", 1, "GET", 1, "EVALSHA", 1),
                        figures.get("move back: local copy stale (node2 claimed it)"));
                assertEquals(Map.of("GETRANGE", 1), figures.get("move back: local copy current"));
            }
        }
    }

    /** What a request did, run while the monitor records. */
    @FunctionalInterface
    private interface Requests {
        void run() throws Exception;
    }

    /** A {@code MONITOR} connection counting client commands between two markers. */
    private static final class Monitor implements AutoCloseable {
        private final List<String> lines = new ArrayList<>();
        private Jedis connection;
        private Thread thread;

        void start(int port) throws InterruptedException {
            connection = new Jedis("127.0.0.1", port);
            CountDownLatch started = new CountDownLatch(1);
            thread = new Thread(() -> connection.monitor(new JedisMonitor() {
                @Override
                public void onCommand(String command) {
                    started.countDown();
                    synchronized (lines) {
                        lines.add(command);
                        lines.notifyAll();
                    }
                }
            }), "redis-monitor");
            thread.setDaemon(true);
            thread.start();
            try (Jedis probe = new Jedis("127.0.0.1", port)) {
                while (!started.await(100, TimeUnit.MILLISECONDS)) {
                    probe.echo("monitor-started");
                }
            }
        }

        /** @return client commands (name → count) per request, markers and the probe's commands excluded */
        Map<String, Integer> count(int port, int requests, Requests work) throws Exception {
            String begin = "begin-" + System.nanoTime();
            String end = "end-" + System.nanoTime();
            try (Jedis marker = new Jedis("127.0.0.1", port)) {
                marker.echo(begin);
                for (int i = 0; i < requests; i++) {
                    work.run();
                }
                Thread.sleep(500); // the scenario: expiry refreshes are queued: let any run (none is due within this test)
                marker.echo(end);
            }
            List<String> between = new ArrayList<>();
            await("MONITOR shows the end marker").atMost(Duration.ofSeconds(10)).until(() -> {
                synchronized (lines) {
                    return lines.stream().anyMatch(l -> l.contains(end));
                }
            });
            synchronized (lines) {
                boolean inside = false;
                for (String line : lines) {
                    if (line.contains(begin)) {
                        inside = true;
                    } else if (line.contains(end)) {
                        break;
                    } else if (inside && !line.contains(" lua]")) {
                        between.add(line);
                    }
                }
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (String line : between) {
                String command = line.split("\"", 3)[1].toUpperCase(java.util.Locale.ROOT);
                if (!List.of("ECHO", "PING", "HELLO", "CLIENT", "SELECT", "AUTH").contains(command)) {
                    counts.merge(command, 1, Integer::sum);
                }
            }
            counts.replaceAll((command, n) -> n / requests);
            return counts;
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
