package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin API {@code POST /nodes} and {@code DELETE /nodes/{route}} (HAProxy add/del server) over real HTTP. */
class NodeMembershipIT {

    @Test
    void nodesAddedAndRemovedThroughTheApiTakeAndStopTakingRequests(@TempDir Path dir) throws Exception {
        try (RouterFixture fx = new RouterFixture("node1", "node2");
             TestBackend node3 = new TestBackend("node3", fx.secrets)) {
            fx.start(dir, "persistence: [jsessionid]\nhealthCheck: {path: /health, intervalMillis: 200}\n"
                    + AdminClient.yaml(dir));
            AdminClient admin = new AdminClient(fx.router);
            String body = "{\"route\": \"node3\", \"url\": \"" + node3.url() + "\", \"weight\": 2}";
            HttpResponse<String> added = admin.post("/nodes", body);
            assertEquals(201, added.statusCode(), added.body());
            assertEquals(2, AdminClient.json(added).get("weight").asInt());
            assertEquals(409, admin.post("/nodes", body).statusCode(), "a route exists once");
            assertEquals("node3", node(fx.get("/", "Cookie", "JSESSIONID=abc.node3")), "pins reach the new node");
            assertTrue(servedBy(fx, 12).contains("node3"), "the new node gets new users");

            HttpResponse<String> bad = admin.post("/nodes", "{\"route\": \"x y\", \"url\": \"ftp://h\", \"weight\": 999,"
                    + " \"colour\": 1}");
            assertEquals(400, bad.statusCode());
            for (String fault : new String[] {"route:", "url:", "weight:", "colour: unknown key"}) {
                assertTrue(bad.body().contains(fault), bad.body());
            }
            HttpResponse<String> anonymous = fx.http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fx.router.adminPort() + "/nodes/node1")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());

            HttpResponse<String> removed = admin.delete("/nodes/node1");
            assertEquals(200, removed.statusCode(), removed.body());
            assertEquals(404, admin.delete("/nodes/node1").statusCode());
            assertFalse(servedBy(fx, 12).contains("node1"), "a removed node gets nothing");
            HttpResponse<String> moved = fx.get("/", "Cookie", "JSESSIONID=abc.node1");
            assertEquals(200, moved.statusCode(), "its users move");
            assertFalse(admin.get("/nodes").body().contains("\"node1\""));
        }
    }

    private static Set<String> servedBy(RouterFixture fx, int requests) throws Exception {
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            nodes.add(node(fx.get("/")));
        }
        return nodes;
    }
}
