package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP: the access log names the favoured, required and actual node and the pinning method, the
 * {@code X-Limpet-Route} header explains each decision, and {@code /metrics} is Prometheus text that counts what
 * happened; malformed cookies and headers never cause a 500.
 */
class ObservabilityIT {

    /** One Prometheus text-format sample line: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? (\\S+)");

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void accessLogRouteHeaderAndMetricsTellTheSameStory() throws Exception {
        fx = new RouterFixture("node1", "node2", "node3");
        Path log = dir.resolve("access.log");
        fx.start(dir, "persistence: [jsessionid]\nrouteHeader: true\naccessLog:\n  file: " + log + "\n"
                + AdminClient.yaml(dir));
        HttpResponse<String> pinned = fx.get("/cart?secret=hunter2", "Cookie", "JSESSIONID=abc.node2");
        assertEquals("node2; method=jsessionid; pinned=node2", pinned.headers().firstValue("X-Limpet-Route")
                .orElse(null));
        HttpResponse<String> fresh = fx.get("/welcome");
        assertEquals(node(fresh) + "; method=none", fresh.headers().firstValue("X-Limpet-Route").orElse(null));

        fx.backend("node1").stop();
        HttpResponse<String> moved = fx.get("/cart", "Cookie", "JSESSIONID=abc.node1");
        String servedBy = node(moved);
        assertNotEquals("node1", servedBy);
        assertEquals(servedBy + "; method=jsessionid; pinned=node1; moved=retry; retries=1",
                moved.headers().firstValue("X-Limpet-Route").orElse(null), "connect failure, then retried");
        HttpResponse<String> again = fx.get("/cart", "Cookie", "JSESSIONID=abc.node1");
        assertTrue(again.headers().firstValue("X-Limpet-Route").orElse("").endsWith("; pinned=node1; moved=down"),
                "node1 is now known down: moved without a retry");

        fx.router.close();
        List<String> lines = Files.readAllLines(log);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("\\S+Z 127\\.0\\.0\\.1 \"GET /cart\" 200 \\d+ \\d+us F=node2 N=node2 n=node2"
                + " method=jsessionid moved=- retries=0"), lines.get(0));
        assertFalse(lines.get(0).contains("hunter2"), "no query in the log");
        assertTrue(lines.get(1).contains(" F=- N=" + node(fresh) + " n=" + node(fresh) + " method=none moved=-"),
                lines.get(1));
        assertTrue(lines.get(2).contains(" F=node1 N=node1 n=" + servedBy + " method=jsessionid moved=retry"
                + " retries=1"), lines.get(2));
        assertTrue(lines.get(3).contains(" F=node1 N=" + node(again) + " n=" + node(again) + " method=jsessionid"
                + " moved=down retries=0"), lines.get(3));
    }

    @Test
    void theRoutersOwnErrorsExplainTheRouteToo() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\nrouteHeader: true\n");
        fx.backend("node1").stop();
        fx.backend("node2").stop();
        HttpResponse<String> refused = fx.get("/cart", "Cookie", "JSESSIONID=abc.node1");
        assertEquals(503, refused.statusCode(), refused.body());
        String route = refused.headers().firstValue("X-Limpet-Route").orElse("");
        assertTrue(route.contains("; method=jsessionid"), "the 503 explains its route: [" + route + "]");
    }

    @Test
    void metricsParseAsPrometheusTextAndCountRequests() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [jsessionid]\n" + AdminClient.yaml(dir));
        AdminClient admin = new AdminClient(fx.router);
        for (int i = 0; i < 5; i++) {
            fx.get("/", "Cookie", "JSESSIONID=x.node1");
        }
        for (int i = 0; i < 4; i++) {
            fx.get("/");
        }
        fx.backend("node2").stop();
        fx.get("/", "Cookie", "JSESSIONID=x.node2");
        assertEquals(200, admin.change("/nodes/node2/state", "draining").statusCode());

        HttpResponse<String> scrape = admin.get("/metrics");
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = parse(scrape.body());
        assertEquals(6 + 2.0, samples.get("limpet_router_responses_total{code=\"2xx\",node=\"node1\"}"),
                "5 pinned, 2 of 4 balanced, 1 failed over: " + samples);
        assertEquals(2.0, samples.get("limpet_router_responses_total{code=\"2xx\",node=\"node2\"}"));
        assertEquals(6.0, samples.get("limpet_router_decisions_total{method=\"jsessionid\"}"));
        assertEquals(4.0, samples.get("limpet_router_decisions_total{method=\"none\"}"));
        assertEquals(1.0, samples.get("limpet_router_failovers_total{node=\"node2\"}"));
        assertEquals(1.0, samples.get("limpet_router_retries_total{node=\"node2\"}"));
        assertEquals(1.0, samples.get("limpet_router_node_state{node=\"node2\",state=\"draining\"}"));
        assertEquals(0.0, samples.get("limpet_router_node_state{node=\"node2\",state=\"active\"}"));
        assertEquals(0.0, samples.get("limpet_router_node_healthy{node=\"node2\"}"), "passively marked down");
        assertEquals(1.0, samples.get("limpet_router_node_weight{node=\"node1\"}"));
        assertEquals(0.0, samples.get("limpet_router_node_in_flight{node=\"node1\"}"));
        assertTrue(samples.containsKey("limpet_router_node_sessions{node=\"node1\"}"));
    }

    @Test
    void malformedCookiesAndHeadersNeverCauseAServerError() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [router-cookie, jsessionid]\nrouteHeader: true\n"
                + "balance: {algorithm: consistent-hash, hashKey: \"header:X-Tenant\", boundedLoadFactor: 1.25}\n"
                + "accessLog: {stdout: true, format: json}\n" + AdminClient.yaml(dir));
        String[] cookies = {"LIMPET=", "LIMPET=\"", "LIMPET=" + "A".repeat(5000), "LIMPET=a.b.c.d; LIMPET=x",
            "JSESSIONID=.;;;=", "JSESSIONID=abc.", "JSESSIONID=abc.node9", "=; ;=;", "LIMPET=%00%ff",
            "JSESSIONID=abc.node1\u00e9"};
        String[] tenants = {"", " ", "é", "x".repeat(4000), "a\tb", "\"quoted\""};
        for (String cookie : cookies) {
            for (String tenant : tenants) {
                HttpResponse<String> r = fx.get("/x;jsessionid=..%2F/y", "Cookie", cookie, "X-Tenant", tenant);
                assertTrue(r.statusCode() < 500, cookie + " / " + tenant + " -> " + r.statusCode());
            }
        }
        assertEquals(200, new AdminClient(fx.router).get("/metrics").statusCode());
    }

    /** @return every sample as {@code name{labels}} → value; fails on a line that is not Prometheus text */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample line: [" + line + "]");
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }
}
