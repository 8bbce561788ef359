import dev.limpet.router.ws.WsNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket through the Limpet router against a direct connection to the same node, in one run: round-trip
 * latency (one 64-byte text message at a time, median and p99) and echo throughput (CLIENTS connections each
 * streaming MESSAGES messages, counted when echoed). The node is Jetty's WebSocket echo (WsNode, in this JVM);
 * the router is the executable jar in its own JVM, routing on JSESSIONID's route suffix. Rounds alternate
 * direct/router so both see the same machine load. Run by bench/ws/ws-bench.sh.
 */
public final class WsBench {

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int rounds = Integer.getInteger("rounds", 3);
        int rttCount = Integer.getInteger("rtt", 3000);
        int clients = Integer.getInteger("clients", 4);
        int messages = Integer.getInteger("messages", 20000);
        WsNode node = new WsNode("node1", 0, null);
        Path work = Files.createTempDirectory("limpet-ws-bench");
        int routerPort = Integer.getInteger("routerPort", 18120);
        Files.writeString(work.resolve("router.yaml"), "listen: 127.0.0.1:" + routerPort + "\npersistence: [jsessionid]\n"
                + "backends:\n  - route: node1\n    url: " + node.url() + "\n");
        Process router = new ProcessBuilder("java", "-Xms256m", "-Xmx256m", "-jar", jar, "--config",
                work.resolve("router.yaml").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("router.log").toFile()).start();
        try {
            String direct = "ws://127.0.0.1:" + node.port() + "/ws";
            String routed = "ws://127.0.0.1:" + routerPort + "/ws";
            waitFor(routed);
            // warm-up both paths
            rtt(direct, 1000);
            rtt(routed, 1000);
            throughput(direct, clients, messages / 4);
            throughput(routed, clients, messages / 4);
            System.out.println("round,path,rtt_median_us,rtt_p99_us,echo_msgs_per_s");
            for (int r = 1; r <= rounds; r++) {
                for (String[] p : new String[][] {{"direct", direct}, {"router", routed}}) {
                    long[] lat = rtt(p[1], rttCount);
                    double rate = throughput(p[1], clients, messages);
                    System.out.printf("%d,%s,%d,%d,%.0f%n", r, p[0], lat[lat.length / 2] / 1000,
                            lat[(int) (lat.length * 0.99)] / 1000, rate);
                }
            }
        } finally {
            router.destroy();
            router.waitFor(10, TimeUnit.SECONDS);
            node.close();
        }
    }

    private static void waitFor(String uri) throws Exception {
        for (int i = 0; i < 120; i++) {
            try {
                Client c = Client.open(uri);
                c.ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("router did not start");
    }

    /** @return sorted round-trip times in ns */
    private static long[] rtt(String uri, int count) throws Exception {
        Client c = Client.open(uri);
        String payload = "x".repeat(64);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            c.ws.sendText(payload, true).get(10, TimeUnit.SECONDS);
            if (c.messages.poll(10, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no echo");
            }
            out[i] = System.nanoTime() - t0;
        }
        c.ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        Arrays.sort(out);
        return out;
    }

    /** @return echoed messages per second over all clients */
    private static double throughput(String uri, int clients, int messages) throws Exception {
        Client[] cs = new Client[clients];
        for (int i = 0; i < clients; i++) {
            cs[i] = Client.open(uri);
            cs[i].expect(messages);
        }
        String payload = "y".repeat(64);
        long t0 = System.nanoTime();
        CompletableFuture<?>[] senders = new CompletableFuture<?>[clients];
        for (int i = 0; i < clients; i++) {
            Client c = cs[i];
            senders[i] = CompletableFuture.runAsync(() -> {
                for (int m = 0; m < messages; m++) {
                    c.ws.sendText(payload, true).join();
                }
            });
        }
        CompletableFuture.allOf(senders).get(300, TimeUnit.SECONDS);
        for (Client c : cs) {
            if (!c.all.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("echoes missing");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (Client c : cs) {
            c.ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        }
        return clients * (double) messages / seconds;
    }

    private static final class Client implements WebSocket.Listener {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        final LinkedBlockingQueue<CharSequence> messages = new LinkedBlockingQueue<>();
        volatile CountDownLatch all;
        WebSocket ws;

        static Client open(String uri) throws Exception {
            Client c = new Client();
            c.ws = HTTP.newWebSocketBuilder().header("Cookie", "JSESSIONID=bench.node1")
                    .buildAsync(URI.create(uri), c).get(10, TimeUnit.SECONDS);
            return c;
        }

        void expect(int n) {
            all = new CountDownLatch(n);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (all != null) {
                all.countDown();
            } else if (last) {
                messages.add(data);
            }
            webSocket.request(1);
            return null;
        }
    }
}
