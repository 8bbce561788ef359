package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-sent events and long polling through the router to real Jetty backends: each event reaches the client
 * as soon as the node flushed it (no buffering until the end), the stream stays pinned, and a
 * {@code clientIdleTimeoutMillis} shorter than the silence between events (or of a held long poll) does not cut
 * the response while the node is still within {@code backendIdleTimeoutMillis}.
 */
class StreamingIT {

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private BufferedReader open(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.router.port() + path))
                .timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<java.io.InputStream> r = fx.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElseThrow());
        return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    }

    /** @return the data lines of the stream, in order, until it ends */
    private static List<String> events(BufferedReader in) throws Exception {
        List<String> data = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }

    @Test
    void eachEventArrivesBeforeTheNextIsSentAndTheStreamIsPinned() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\n");
        // The node waits 3 s between events: the first must be readable long before the stream ends.
        BufferedReader in = open("/events?n=2&gapMillis=3000", "Cookie", "JSESSIONID=x.node2");
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data: ")) {
                        return line.substring(6);
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long started = System.nanoTime();
        assertEquals("event 0 from node2", first.get(30, TimeUnit.SECONDS));
        long firstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(List.of("event 1 from node2"), events(in));
        long allMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(allMillis - firstMillis >= 2500, "event 0 came " + firstMillis + " ms and the end "
                + allMillis + " ms after the start: it was not held back until the end");
    }

    @Test
    void clientIdleTimeoutShorterThanTheGapBetweenEventsDoesNotCutTheStream() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\nclientIdleTimeoutMillis: 1000\nbackendIdleTimeoutMillis: 20000\n");
        BufferedReader in = open("/events?n=3&gapMillis=2500");
        assertEquals(List.of("event 0 from node1", "event 1 from node1", "event 2 from node1"), events(in));
    }

    @Test
    void heldLongPollOutlivesAShorterClientIdleTimeout() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\nclientIdleTimeoutMillis: 1000\nbackendIdleTimeoutMillis: 20000\n");
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return fx.get("/poll?hold=1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("the poll reaches the node").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> fx.backend("node1").requests() > 0);
        Thread.sleep(3000); // the scenario: the poll is held three client idle timeouts long before the node answers
        fx.backend("node1").releaseHeld();
        HttpResponse<String> r = poll.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("node=node1"), r.body());
    }

    @Test
    void backendIdleTimeoutStillEndsASilentStream() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\nclientIdleTimeoutMillis: 1000\nbackendIdleTimeoutMillis: 2000\n");
        BufferedReader in = open("/events?n=3&gapMillis=8000");
        List<String> got = new ArrayList<>();
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    got.add(line.substring(6));
                }
            }
        } catch (java.io.IOException cut) {
            // the router aborts the response once the node has been silent for backendIdleTimeoutMillis
        }
        assertEquals(List.of("event 0 from node1"), got, "cut after the node's silence, not before");
    }
}
