package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static dev.limpet.router.RouterFixture.setCookie;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.config.RouterConfig;
import dev.limpet.testsupport.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real routers share their session table through a real {@code redis-server} started on a free port: they
 * agree on learned pins, a restarted router keeps every pin, and a dead Redis leaves routing working (counted).
 */
class SharedSessionTableIT {

    @TempDir
    Path dir;

    private RouterFixture fx;
    private RedisServerProcess redis;
    private int redisPort;
    private LimpetRouter second;
    private String adminToken;

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServerProcess();
        redis.start();
        redisPort = redis.port();
        adminToken = AdminClient.yaml(dir).replaceAll("(?s).*tokenFile: ", "").strip();
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, extra());
        second = startRouter();
    }

    @AfterEach
    void stop() throws Exception {
        if (second != null) {
            second.close();
        }
        fx.close();
        redis.close();
    }

    private String extra() {
        return "persistence: [{method: learn-cookie, name: JSESSIONID}]\n"
                + "sessionTable: {maxEntries: 10000, idleTimeoutSeconds: 600, redis: {uri: 'redis://127.0.0.1:"
                + redisPort + "/0', keyPrefix: 'it:pin:', readTimeoutMillis: 500}}\n"
                + "admin:\n  listen: 127.0.0.1:0\n  tokenFile: " + adminToken + "\n";
    }

    private LimpetRouter startRouter() throws Exception {
        return LimpetRouter.start(RouterConfig.fromYaml(fx.yaml(dir, extra()), Map.of(), dir));
    }

    private HttpResponse<String> get(LimpetRouter router, String cookie) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + "/app"))
                .header("Cookie", cookie).timeout(Duration.ofSeconds(20)).GET().build();
        return fx.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** @return cookie to home node, for sessions created through the fixture's router */
    private Map<String, String> createSessions(int count) throws Exception {
        Map<String, String> homes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> first = fx.get("/app?setCookie=JSESSIONID");
            homes.put(setCookie(first, "JSESSIONID"), node(first));
        }
        fx.router.sessionTable().shared().flush(5000);
        return homes;
    }

    @Test
    void twoRoutersAgreeOnLearnedPins() throws Exception {
        Map<String, String> homes = createSessions(6);
        assertTrue(homes.containsValue("node1") && homes.containsValue("node2"));
        for (Map.Entry<String, String> session : homes.entrySet()) {
            for (int i = 0; i < 10; i++) {
                assertEquals(session.getValue(), node(get(second, session.getKey())));
            }
        }
        assertEquals(6, second.sessionTable().stats().sharedReadHits(), "each pin came from Redis once");
    }

    @Test
    void aRestartedRouterKeepsEveryPin() throws Exception {
        Map<String, String> homes = createSessions(6);
        fx.router.close();
        fx.router = startRouter();
        assertEquals(0, fx.router.sessionTable().stats().size());
        for (Map.Entry<String, String> session : homes.entrySet()) {
            for (int i = 0; i < 10; i++) {
                assertEquals(session.getValue(), node(get(fx.router, session.getKey())));
            }
        }
    }

    @Test
    void aDrainAndAWeightSetOnOneRouterReachTheOtherAndARestartedOne() throws Exception {
        AdminClient first = new AdminClient(fx.router);
        assertEquals(200, first.change("/nodes/node1/state", "draining").statusCode());
        assertEquals(200, first.change("/nodes/node2/weight", "9").statusCode());
        AdminClient other = new AdminClient(second);
        await("the second router sees the change").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> other.node("node1").get("state").asText().equals("draining")
                        && other.node("node2").get("weight").asInt() == 9);
        second.close();
        second = startRouter();
        assertEquals("draining", new AdminClient(second).node("node1").get("state").asText());
        assertEquals(200, new AdminClient(second).change("/nodes/node1/state", "active").statusCode());
        await("the first router sees the change back").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> first.node("node1").get("state").asText().equals("active"));
    }

    @Test
    void aDeadRedisLeavesTheLocalTableWorkingAndIsCounted() throws Exception {
        Map<String, String> before = createSessions(2);
        redis.stop();
        Map<String, String> after = createSessions(4);
        Map<String, String> all = new HashMap<>(before);
        all.putAll(after);
        for (Map.Entry<String, String> session : all.entrySet()) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = fx.get("/app", "Cookie", session.getKey());
                assertEquals(200, r.statusCode());
                assertEquals(session.getValue(), node(r));
            }
        }
        assertEquals(200, get(second, "JSESSIONID=unknown-to-everyone").statusCode());
        assertTrue(fx.router.sessionTable().stats().sharedFailures() > 0, "write failures are counted");
        assertTrue(second.sessionTable().stats().sharedFailures() > 0, "read failures are counted");
    }
}
