package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the real router jar while requests are in flight on real Jetty backends: within the grace period
 * every request completes and the exit status is 0; past it the rest is cut and the exit status is 4.
 */
class GracefulStopProcessIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sigtermLetsLongRequestsFinishAndExitsZero(@TempDir Path dir) throws Exception {
        try (RouterFixture farm = new RouterFixture("a", "b")) {
            Path config = dir.resolve("router.yaml");
            Files.writeString(config, farm.yaml(dir, "persistence: []\nlifecycle:\n  stopGraceMillis: 30000\n"));
            try (RouterProcess router = new RouterProcess(config, dir.resolve("router.log"))) {
                List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    inFlight.add(http.sendAsync(get(router, "/slow?sleepMillis=4000"),
                            HttpResponse.BodyHandlers.ofString()));
                }
                awaitBackendRequests(farm, 6);
                long signalled = System.nanoTime();
                router.signal("TERM");
                router.awaitLog("stopping: no new connections", 1, 30);
                assertConnectionRefused(router.port);
                for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                    HttpResponse<String> response = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, response.statusCode(), response.body());
                    assertTrue(response.body().startsWith("node="), response.body());
                }
                assertEquals(0, router.awaitExit(60), router.log());
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
                assertTrue(router.log().contains("stopped cleanly"), router.log());
                System.out.println("graceful stop: 6 requests of 4 s completed, exit 0, " + tookMillis
                        + " ms after SIGTERM");
            }
        }
    }

    @Test
    void sigtermPastTheGracePeriodCutsAndExitsFour(@TempDir Path dir) throws Exception {
        try (RouterFixture farm = new RouterFixture("a")) {
            Path config = dir.resolve("router.yaml");
            Files.writeString(config, farm.yaml(dir, "persistence: []\nlifecycle:\n  stopGraceMillis: 500\n"));
            try (RouterProcess router = new RouterProcess(config, dir.resolve("router.log"))) {
                CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                        get(router, "/slow?sleepMillis=15000"), HttpResponse.BodyHandlers.ofString());
                awaitBackendRequests(farm, 1);
                router.signal("TERM");
                assertEquals(4, router.awaitExit(60), router.log());
                assertTrue(router.log().contains("closing [1] requests and [0] tunnels still in flight"),
                        router.log());
                boolean completed;
                try {
                    completed = slow.get(30, TimeUnit.SECONDS).statusCode() == 200;
                } catch (java.util.concurrent.ExecutionException e) {
                    completed = false;
                }
                assertFalse(completed, "the cut request must not look complete");
            }
        }
    }

    private static HttpRequest get(RouterProcess router, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port + path))
                .timeout(Duration.ofSeconds(60)).GET().build();
    }

    private static void awaitBackendRequests(RouterFixture farm, int n) {
        await("backends see " + n + " requests").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> farm.backends.stream().mapToInt(TestBackend::requests).sum() >= n);
    }

    private static void assertConnectionRefused(int port) {
        await("the router accepts no connection after SIGTERM").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> refuses(port));
    }

    private static boolean refuses(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException refusedOrReset) {
            return true;
        }
    }
}
