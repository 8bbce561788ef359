package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.config.RouterConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP against the admin listener: authentication, changes taking effect, and 4xx for every bad input. */
class AdminApiIT {

    @TempDir
    Path dir;

    private RouterFixture fx;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\n" + AdminClient.yaml(dir));
        admin = new AdminClient(fx.router);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void changesNeedTheRightBearerTokenAndThenTakeEffect() throws Exception {
        HttpResponse<String> none = admin.put("/nodes/node1/state", "disabled");
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"limpet-admin\"", none.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, admin.put("/nodes/node1/state", "disabled", "Authorization", "Basic Zm9vOmJhcg==")
                .statusCode());
        HttpResponse<String> wrong = admin.put("/nodes/node1/state", "disabled", "Authorization",
                "Bearer " + AdminClient.TOKEN + "x");
        assertEquals(403, wrong.statusCode());
        assertFalse(wrong.body().contains(AdminClient.TOKEN), "the token is never echoed");
        assertEquals("active", admin.node("node1").get("state").asText(), "refused changes change nothing");

        HttpResponse<String> ok = admin.change("/nodes/node1/state", "disabled");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("disabled", AdminClient.json(ok).get("state").asText());
        for (int i = 0; i < 6; i++) {
            assertEquals("node2", node(fx.get("/")));
        }
        assertEquals(200, admin.change("/nodes/node1/weight", "{\"weight\": 7}").statusCode());
        JsonNode node1 = admin.node("node1");
        assertEquals(7, node1.get("weight").asInt());
        assertEquals("disabled", node1.get("state").asText());
        assertTrue(node1.get("healthy").asBoolean());
        assertFalse(node1.get("acceptsNewSessions").asBoolean());
        assertEquals(fx.backend("node1").url(), node1.get("url").asText());
        assertEquals(0, node1.get("activeConnections").asInt());
        assertEquals(0, node1.get("sessions").asInt());
    }

    @Test
    void readsAreOpenOnLoopbackAndServeStatusPageNodesAndMetrics() throws Exception {
        HttpResponse<String> page = admin.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"/console.js\"></script>"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        HttpResponse<String> script = admin.get("/console.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("Authorization"), "the console sends the token in a header");
        JsonNode router = AdminClient.json(admin.get("/router"));
        assertEquals(0, router.get("openTunnels").asLong());
        assertTrue(router.get("version").asText().startsWith("0."), router.toString());
        assertEquals(2, AdminClient.json(admin.get("/nodes")).size());
        assertEquals("node2", AdminClient.json(admin.get("/nodes/node2")).get("route").asText());
        for (int i = 0; i < 4; i++) {
            assertEquals(200, fx.get("/").statusCode());
        }
        // The request log records just after the response.
        HttpResponse<String> metrics = await("node2's two requests in the metrics").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20)).until(() -> admin.get("/metrics"),
                        m -> m.body().contains("limpet_router_request_duration_seconds_count{node=\"node2\"} 2"));
        assertEquals(200, metrics.statusCode());
        for (String series : new String[] {"limpet_router_request_duration_seconds_bucket{node=\"node1\",le=",
            "limpet_router_request_duration_seconds_count{node=\"node2\"} 2", "limpet_router_build_info{version=\"0.",
            "jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current"}) {
            assertTrue(metrics.body().contains(series), series + " in\n" + metrics.body());
        }
        assertEquals(2, AdminClient.json(admin.get("/nodes/node1")).get("requests").asLong());
    }

    @Test
    void unauthenticatedReadsNeedAHostNamingTheListenerAgainstDnsRebinding() throws Exception {
        int port = fx.router.adminPort();
        for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port,
            "admin.localhost"}) {
            assertTrue(rawGet(port, "/nodes", host).startsWith("HTTP/1.1 200"), host);
        }
        for (String host : new String[] {"attacker.example:" + port, "attacker.example", "127.0.0.1.nip.io", ""}) {
            String answer = rawGet(port, "/nodes", host);
            assertTrue(answer.startsWith("HTTP/1.1 403") || answer.startsWith("HTTP/1.1 400"), host + ": " + answer);
            assertFalse(answer.contains("\"route\""), answer);
        }
        assertTrue(rawGet(port, "/metrics", "attacker.example").startsWith("HTTP/1.1 403"));
    }

    private static String rawGet(int port, String path, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void malformedRequestsGetAClearFourHundredNeverAFiveHundred() throws Exception {
        String[][] cases = {
            {"/nodes/node1/state", "sleeping", "400"},
            {"/nodes/node1/state", "{\"state\": 3}", "400"},
            {"/nodes/node1/state", "{\"mood\": \"draining\"}", "400"},
            {"/nodes/node1/state", "{not json", "400"},
            {"/nodes/node1/state", "", "400"},
            {"/nodes/node1/weight", "heavy", "400"},
            {"/nodes/node1/weight", "257", "400"},
            {"/nodes/node1/weight", "-1", "400"},
            {"/nodes/node1/weight", "99999999999999999999", "400"},
            {"/nodes/node1/weight", "{\"weight\": [1]}", "400"},
            {"/nodes/node1/weight", "x".repeat(5000), "413"},
            {"/nodes/nobody/state", "draining", "404"},
            {"/nodes/node1/colour", "red", "404"},
            {"/nodes/node1/state/extra", "draining", "404"},
            {"/nodes/%3Cscript%3E/state", "draining", "404"},
            {"/elsewhere", "x", "405"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = admin.change(c[0], c[1]);
            assertEquals(Integer.parseInt(c[2]), r.statusCode(), c[0] + " " + c[1] + " -> " + r.body());
            assertTrue(r.body().startsWith("{\"status\":" + c[2] + ",\"error\":\""), r.body());
            assertFalse(r.body().contains("<script>"), r.body());
        }
        assertEquals(405, admin.get("/nodes/node1/state").statusCode());
        assertEquals(404, admin.get("/nodes/nobody").statusCode());
        assertEquals(404, admin.get("/favicon.ico").statusCode());
        HttpResponse<String> patch = fx.http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fx.router.adminPort() + "/nodes/node1"))
                .timeout(Duration.ofSeconds(10)).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, patch.statusCode());
        assertEquals("GET, HEAD, DELETE", patch.headers().firstValue("Allow").orElse(""));
        assertEquals("active", admin.node("node1").get("state").asText());
        assertEquals(1, admin.node("node1").get("weight").asInt());
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    @Test
    void theListenerBindsLoopbackOnlyUnlessAllowedAndNeedsAStrongToken() throws Exception {
        InetAddress external = nonLoopbackAddress();
        if (external != null) {
            try (Socket socket = new Socket()) {
                assertThrows(IOException.class, () -> socket.connect(
                        new InetSocketAddress(external, fx.router.adminPort()), 2000), "bound to loopback only");
            }
        }
        Path token = dir.resolve("admin-token");
        String base = fx.yaml(dir, "");
        ConfigException remote = assertThrows(ConfigException.class, () -> RouterConfig.fromYaml(
                base + "admin:\n  listen: 0.0.0.0:9090\n  tokenFile: " + token + "\n", Map.of(), dir));
        assertTrue(remote.getMessage().contains("admin.listen: [0.0.0.0] is not a loopback address"),
                remote.getMessage());
        RouterConfig allowed = RouterConfig.fromYaml(base + "admin:\n  listen: 0.0.0.0:0\n  allowRemote: true\n"
                + "  tokenFile: " + token + "\n", Map.of(), dir);
        assertTrue(allowed.operations().admin().authenticateReads(), "remote reads need the token too");
        Files.writeString(dir.resolve("weak"), "short\n");
        ConfigException weak = assertThrows(ConfigException.class, () -> RouterConfig.fromYaml(
                base + "admin:\n  tokenFile: weak\n  colour: red\n", Map.of(), dir));
        assertTrue(weak.getMessage().contains("admin.tokenFile: the token must be at least 16"), weak.getMessage());
        assertTrue(weak.getMessage().contains("admin.colour: unknown key"), weak.getMessage());
        assertFalse(allowed.toString().contains(AdminClient.TOKEN) || allowed.operations().admin().toString()
                .contains(AdminClient.TOKEN), "the token is never printed");
    }
}
