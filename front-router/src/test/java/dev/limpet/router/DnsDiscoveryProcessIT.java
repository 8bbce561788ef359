package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS discovery in the real router jar: the JVM's resolver reads a hosts file ({@code jdk.net.hosts.file}, no
 * cache) that the test rewrites, so the name really resolves to a changing set of loopback addresses, each with a
 * real Jetty backend on the same port.
 */
class DnsDiscoveryProcessIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void addressesThatAppearBecomeNodesAndOnesThatGoAreRemoved(@TempDir Path dir) throws Exception {
        try (TestBackend d1 = new TestBackend("d1", null, "127.0.0.2", 0);
             TestBackend d2 = new TestBackend("d2", null, "127.0.0.3", port(d1));
             TestBackend d3 = new TestBackend("d3", null, "127.0.0.4", port(d1))) {
            Path hosts = dir.resolve("hosts");
            Files.writeString(hosts, "127.0.0.2 tomcat.limpet.test\n127.0.0.3 tomcat.limpet.test\n");
            Path config = dir.resolve("router.yaml");
            Files.writeString(config, "listen: 127.0.0.1:0\npersistence: []\n"
                    + "discovery:\n  dns: {name: tomcat.limpet.test, port: " + port(d1) + ", intervalSeconds: 1}\n"
                    + AdminClient.yaml(dir));
            try (RouterProcess router = new RouterProcess(config, dir.resolve("router.log"),
                    List.of("-Djdk.net.hosts.file=" + hosts, "-Dsun.net.inetaddr.ttl=0"))) {
                AdminClient admin = new AdminClient(router.adminPort);
                String nodes = admin.get("/nodes").body();
                assertTrue(nodes.contains("\"tomcat-127-0-0-2\"") && nodes.contains("\"tomcat-127-0-0-3\""), nodes);
                assertEquals(Set.of("d1", "d2"), servedBy(router.port, 10));

                Files.writeString(hosts, "127.0.0.3 tomcat.limpet.test\n127.0.0.4 tomcat.limpet.test\n");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertEquals(
                        Set.of("d2", "d3"), servedBy(router.port, 10), () -> "discovery never followed DNS:\n" + router.logQuietly()));
                nodes = admin.get("/nodes").body();
                assertFalse(nodes.contains("\"tomcat-127-0-0-2\""), nodes);
                assertTrue(router.log().contains("no longer lists node [tomcat-127-0-0-2]: removed"), router.log());
            }
        }
    }

    private Set<String> servedBy(int port, int requests) throws Exception {
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            nodes.add(RouterFixture.node(r));
        }
        return nodes;
    }

    private static int port(TestBackend backend) {
        return URI.create(backend.url()).getPort();
    }
}
