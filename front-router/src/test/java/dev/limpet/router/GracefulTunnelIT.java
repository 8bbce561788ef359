package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.lifecycle.InFlightWork;
import dev.limpet.router.lifecycle.StopReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hook a tunnel implementation (WebSocket, Upgrade) joins: a graceful stop waits for open tunnels as it waits
 * for requests, and reports the ones it had to cut.
 */
class GracefulTunnelIT {

    @Test
    void aStopWaitsForAnOpenTunnelAndReportsItCutWhenTheGraceEnds(@TempDir Path dir) throws Exception {
        try (RouterFixture fx = new RouterFixture("node1")) {
            fx.start(dir, "persistence: []\n");
            InFlightWork.Tunnel tunnel = fx.router.inFlight().openTunnel();
            assertEquals(1, fx.router.inFlight().tunnels());
            CompletableFuture<StopReport> stop = CompletableFuture.supplyAsync(() -> fx.router.stop(60_000));
            await("the stop waits for the tunnel").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                    .until(() -> !stop.isDone());
            tunnel.close();
            tunnel.close();
            StopReport report = stop.get(30, TimeUnit.SECONDS);
            assertTrue(report.clean(), report.toString());
            assertEquals(0, fx.router.inFlight().tunnels());
        }
        try (RouterFixture fx = new RouterFixture("node1")) {
            fx.start(dir, "persistence: []\n");
            fx.router.inFlight().openTunnel();
            StopReport report = fx.router.stop(200);
            assertEquals(new StopReport(0, 1, report.waitedMillis()), report);
            assertTrue(report.waitedMillis() >= 150, report.toString());
        }
    }
}
