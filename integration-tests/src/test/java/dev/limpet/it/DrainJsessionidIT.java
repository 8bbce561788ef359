package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Draining a Tomcat farm whose users are pinned by nothing but the route in their {@code JSESSIONID}: the admin
 * API counts the node's distinct session ids, keeps its users there, sends it no new ones, and reports it safe to
 * stop once its users have been quiet for {@code drain.idleSeconds}.
 */
class DrainJsessionidIT {

    private static final String TOKEN = "drain-it-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aDrainedTomcatNodeCountsItsJsessionidUsersDownToZero() throws Exception {
        Path token = Files.writeString(dir.resolve("admin-token"), TOKEN + "\n");
        String extra = "drain:\n  idleSeconds: 3\nadmin:\n  listen: 127.0.0.1:0\n  tokenFile: '" + token + "'\n";
        try (Farm farm = Farm.start(dir, Farm.THREE_NODES, Farm.DEFAULT_SECRET, "[jsessionid]",
                InstantSource.system(), extra)) {
            int admin = farm.router().adminPort();
            List<Browser> onNode1 = new ArrayList<>();
            for (int i = 0; i < 30 && onNode1.size() < 4; i++) {
                Browser user = new Browser();
                if (servedBy(user.get(farm.cart("/cart.txt"))).equals("node1")) {
                    assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith(".node1"));
                    onNode1.add(user);
                }
            }
            assertEquals(4, onNode1.size());
            for (Browser user : onNode1) {
                user.post(farm.cart("/cart"), "action=add&item=Rock+pool+guide&quantity=1");
            }
            assertEquals(4, node(admin, "node1").get("sessions").asLong(), "one session per JSESSIONID");

            assertEquals(200, put(admin, "/nodes/node1/state", "draining").statusCode());
            for (int round = 0; round < 5; round++) {
                for (Browser user : onNode1) {
                    var response = user.get(farm.cart("/cart.txt"));
                    assertEquals("node1", servedBy(response), "a drained node keeps its users");
                    assertTrue(response.body().endsWith("Rock pool guide\t1\n"), response.body());
                }
                assertNotEquals("node1", servedBy(new Browser().get(farm.cart("/cart.txt"))), "no new users");
            }
            JsonNode busy = node(admin, "node1");
            assertEquals(4, busy.get("sessions").asLong());
            assertFalse(busy.get("safeToStop").asBoolean());

            long quietSince = System.nanoTime();
            JsonNode drained = await("node1 drains").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> node(admin, "node1"), node -> node.get("safeToStop").asBoolean());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietSince);
            assertEquals(0, drained.get("sessions").asLong());
            assertTrue(millis >= 2_000, "counted down before the idle window: " + millis + " ms");
            String figure = "drain (Tomcat, jsessionid only, drain.idleSeconds 3): 4 sessions -> 0 and safeToStop "
                    + millis + " ms after the users' last request";
            System.out.println(figure);
            Files.writeString(Path.of("target", "drain-jsessionid.txt"), figure + "\n");
        }
    }

    private JsonNode node(int admin, String route) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + admin + "/nodes/" + route)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> put(int admin, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
