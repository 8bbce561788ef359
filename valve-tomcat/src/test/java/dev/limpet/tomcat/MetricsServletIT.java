package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.tomcat.metrics.LimpetMetricsServlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two embedded Tomcat nodes sharing a store, and a third embedded Tomcat with only the metrics webapp: a real
 * Prometheus scrape over HTTP shows the second node's takeover, its active session, its unserializable backup
 * and both nodes' store calls, read from the managers' MBeans.
 */
class MetricsServletIT {

    @TempDir
    Path dir;

    @Test
    void aScrapeShowsSessionsTakeoversBackupFailuresAndStoreCallsPerManager() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "metrics-it-secret-0123456789abcdef\n");
        String storeUri = "jdbc:h2:mem:metrics" + UUID.randomUUID().toString().replace("-", "") + "?createSchema=true";
        try (ManagerNode node1 = ManagerNode.start(dir, "node1", secret, storeUri, m -> { });
             ManagerNode node2 = ManagerNode.start(dir, "node2", secret, storeUri, m -> { })) {
            Client user = new Client();
            user.get(node1.url("/cart?add=apple"));
            node1.awaitBackups();
            assertEquals("[apple]", Client.items(user.get(node2.url("/cart"))), "taken over by node2");
            user.get(node2.url("/gift")); // an attribute that does not serialize: the backup fails
            node2.awaitBackups();

            String text = scrape();
            assertEquals(1.0, value(text, "limpet_session_takeovers_total", "Tomcat-node2"));
            assertEquals(0.0, value(text, "limpet_session_takeovers_total", "Tomcat-node1"));
            assertEquals(1.0, value(text, "limpet_sessions_active", "Tomcat-node2"));
            assertEquals(1.0, value(text, "limpet_session_backup_failures_total", "Tomcat-node2",
                    "cause=\"unserializable\""));
            assertEquals(0.0, value(text, "limpet_session_conflicts_total", "Tomcat-node2"));
            assertEquals(1.0, value(text, "limpet_store_available", "Tomcat-node1"));
            assertTrue(value(text, "limpet_store_operation_duration_seconds_count", "Tomcat-node1",
                    "operation=\"save\"") >= 1, text);
            assertTrue(value(text, "limpet_store_operation_duration_seconds_sum", "Tomcat-node1",
                    "operation=\"save\"") > 0, text);
            assertTrue(value(text, "limpet_store_operation_duration_seconds_count", "Tomcat-node2",
                    "operation=\"load\"") >= 1, "the takeover read the store: " + text);
        }
    }

    /** Runs the metrics servlet in a webapp of its own, in a Tomcat of its own, and scrapes it once. */
    private String scrape() throws Exception {
        Tomcat monitor = new Tomcat();
        monitor.setBaseDir(dir.resolve("monitor").toString());
        monitor.setPort(0);
        monitor.getEngine().setName("Tomcat-monitor");
        Context context = monitor.addContext("/monitor", null);
        Tomcat.addServlet(context, "limpet-metrics", new LimpetMetricsServlet());
        context.addServletMappingDecoded("/metrics", "limpet-metrics");
        monitor.getConnector();
        monitor.start();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + monitor.getConnector().getLocalPort() + "/monitor/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").replace(" ", "").startsWith("text/plain;version=0.0.4"),
                    response.headers().map().toString());
            return response.body();
        } finally {
            monitor.stop();
            monitor.destroy();
        }
    }

    /** @return the value of the one series of {@code metric} of a node's manager with the given label pairs */
    private static double value(String text, String metric, String domain, String... labels) {
        return text.lines().filter(line -> line.startsWith(metric + "{") && line.contains("domain=\"" + domain + "\"")
                        && line.contains("context=\"/app\"") && Arrays.stream(labels).allMatch(line::contains))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("two series of " + metric + " for " + domain + ":\n" + text);
                }).orElseThrow(() -> new AssertionError("no " + metric + " for " + domain + ":\n" + text));
    }
}
