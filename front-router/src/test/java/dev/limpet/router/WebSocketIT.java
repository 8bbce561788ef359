package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.node.AdminState;
import dev.limpet.router.ws.WsClient;
import dev.limpet.router.ws.WsNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebSocket through the router to real Jetty WebSocket nodes, end to end over real sockets: the upgrade is pinned
 * like any request by each persistence method, the tunnel carries 1,000 messages both ways and a 1 MB message,
 * closes cleanly from either side, is counted per node in the admin API and metrics, survives draining and is
 * closed by disabling; a node dying mid-stream closes the client's side and the reconnect is re-pinned.
 */
class WebSocketIT {

    @TempDir
    Path dir;

    private WsFarm farm;
    private LimpetRouter router;

    @BeforeEach
    void farm() {
        farm = new WsFarm(dir);
    }

    @AfterEach
    void stop() throws Exception {
        farm.close();
    }

    private LimpetRouter start(String extra, String... routes) throws Exception {
        for (String route : routes) {
            farm.nodes.add(new WsNode(route, 0, RouterFixture.SECRET));
        }
        router = farm.startRouter(extra);
        return router;
    }

    private LimpetRouter startRouter(String extra, List<String[]> backends) throws Exception {
        router = farm.startRouter(extra, backends);
        return router;
    }

    private String ws(String path) {
        return "ws://127.0.0.1:" + router.port() + path;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return farm.get(path, headers);
    }

    private static void awaitCount(String what, int expected, IntSupplier count) {
        await(what + " == " + expected).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(count::getAsInt, n -> n == expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"backend-cookie", "jsessionid", "router-cookie", "learn-cookie", "header", "source-ip"})
    void upgradeIsPinnedByEachPersistenceMethod(String method) throws Exception {
        String persistence = switch (method) {
            case "learn-cookie" -> "[{method: learn-cookie, name: SESSION}]";
            case "header" -> "[{method: header, name: Mcp-Session-Id}]";
            case "router-cookie" -> "[router-cookie]\nrouterCookieLifetimeSeconds: 3600";
            default -> "[" + method + "]";
        };
        start("persistence: " + persistence + "\n", "node1", "node2");
        for (int user = 0; user < 4; user++) {
            String[] pin;
            String home;
            if (method.equals("jsessionid")) {
                home = user % 2 == 0 ? "node1" : "node2";
                pin = new String[] {"Cookie", "JSESSIONID=ABCDEF0123." + home};
            } else {
                String query = switch (method) {
                    case "backend-cookie" -> "?backendCookie=1";
                    case "learn-cookie" -> "?setCookie=SESSION";
                    case "header" -> "?setHeader=Mcp-Session-Id";
                    default -> "";
                };
                HttpResponse<String> first = get("/login" + query);
                home = RouterFixture.node(first);
                pin = switch (method) {
                    case "backend-cookie" -> new String[] {"Cookie", RouterFixture.setCookie(first, "X-Backend")};
                    case "learn-cookie" -> new String[] {"Cookie", RouterFixture.setCookie(first, "SESSION")};
                    case "router-cookie" -> new String[] {"Cookie", RouterFixture.setCookie(first, "LIMPET")};
                    case "header" -> new String[] {"Mcp-Session-Id",
                            first.headers().firstValue("Mcp-Session-Id").orElseThrow()};
                    default -> new String[0];
                };
            }
            for (int i = 0; i < 3; i++) {
                WsClient client = WsClient.connect(ws("/ws"), pin);
                assertEquals("node=" + home, client.who(), method + " user " + user + " socket " + i);
                assertEquals("hello " + i, echo(client, "hello " + i));
                client.close();
                assertEquals(1000, client.closed.get(30, TimeUnit.SECONDS));
            }
        }
    }

    private static String echo(WsClient client, String text) throws Exception {
        client.send(text);
        return client.next();
    }

    @Test
    void thousandMessagesBothWaysAndOneMegabyteMessage() throws Exception {
        start("persistence: [jsessionid]\n", "node1", "node2");
        WsClient client = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=X.node2");
        for (int i = 0; i < 1000; i++) {
            client.send("message " + i);
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals("message " + i, client.next());
        }
        client.send("push:1000");
        for (int i = 0; i < 1000; i++) {
            assertEquals("push " + i, client.next());
        }
        StringBuilder big = new StringBuilder(1 << 20);
        for (int i = 0; big.length() < (1 << 20); i++) {
            big.append((char) ('a' + i % 26));
        }
        String megabyte = big.substring(0, 1 << 20);
        client.send(megabyte);
        String back = client.next();
        assertEquals(megabyte.length(), back.length());
        assertEquals(megabyte, back);
        assertEquals("node=node2", client.who());
        client.close();
        assertEquals(1000, client.closed.get(30, TimeUnit.SECONDS));
    }

    @Test
    void closeFromEitherSideEndsTheTunnelAndItsCount() throws Exception {
        start("persistence: [jsessionid]\n" + AdminClient.yaml(dir), "node1", "node2");
        AdminClient admin = new AdminClient(router);
        WsClient byClient = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=X.node1");
        WsClient byNode = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=X.node1");
        assertEquals("node=node1", byClient.who());
        assertEquals("node=node1", byNode.who());
        assertEquals(2, admin.node("node1").get("openTunnels").asInt());
        assertEquals(0, admin.node("node2").get("openTunnels").asInt());
        assertTrue(admin.get("/metrics").body().contains("limpet_router_node_open_tunnels{node=\"node1\"} 2"),
                "metrics show the open tunnels");
        byClient.close();
        assertEquals(1000, byClient.closed.get(30, TimeUnit.SECONDS));
        awaitCount("open tunnels of node1", 1, () -> router.nodes().find("node1").openTunnels());
        byNode.send("bye");
        assertEquals(1000, byNode.closed.get(30, TimeUnit.SECONDS), "the node's close frame reaches the client");
        awaitCount("open tunnels of node1", 0, () -> router.nodes().find("node1").openTunnels());
        assertEquals(0, admin.node("node1").get("openTunnels").asInt());
        // An abrupt client (TCP close without a close frame) frees the tunnel too.
        WsClient aborted = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=X.node1");
        assertEquals("node=node1", aborted.who());
        aborted.abort();
        awaitCount("open tunnels of node1", 0, () -> router.nodes().find("node1").openTunnels());
    }

    @Test
    void drainingKeepsOpenTunnelsDisablingClosesThem() throws Exception {
        start("persistence: [jsessionid]\n", "node1", "node2");
        WsClient client = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=X.node1");
        assertEquals("node=node1", client.who());
        router.nodes().find("node1").setAdminState(AdminState.DRAINING);
        assertEquals("still here", echo(client, "still here"));
        WsClient pinned = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=Y.node1");
        assertEquals("node=node1", pinned.who(), "a draining node still takes its pinned users' sockets");
        router.nodes().find("node1").setAdminState(AdminState.DISABLED);
        assertNotNull(client.closed.get(30, TimeUnit.SECONDS));
        assertNotNull(pinned.closed.get(30, TimeUnit.SECONDS));
        assertEquals(0, router.nodes().find("node1").openTunnels());
        WsClient again = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=X.node1");
        assertEquals("node=node2", again.who(), "the reconnect moves off the disabled node");
        again.close();
    }

    @Test
    void nonUpgradeAnswerOfTheNodeIsPassedOnAndPlainRequestsStillWork() throws Exception {
        start("persistence: [jsessionid]\n", "node1");
        Exception refused = null;
        try {
            WsClient.connect(ws("/not-a-socket"), "Cookie", "JSESSIONID=X.node1");
        } catch (Exception e) {
            refused = e;
        }
        assertNotNull(refused, "the node's 200 to an upgrade request is not a 101: the handshake fails cleanly");
        HttpResponse<String> plain = get("/plain", "Cookie", "JSESSIONID=X.node1");
        assertEquals(200, plain.statusCode());
        assertEquals("null", plain.headers().firstValue("X-Seen-Upgrade").orElseThrow(),
                "a plain request carries no Upgrade");
        assertEquals(0, router.nodes().find("node1").openTunnels());
    }

    @Test
    void nodeKilledMidStreamClosesClientPromptlyAndReconnectIsRepinned() throws Exception {
        WsNode survivor = new WsNode("node2", 0, RouterFixture.SECRET);
        farm.nodes.add(survivor);
        try (NodeProcess doomed = NodeProcess.start("node1")) {
            startRouter("persistence: [jsessionid]\npassiveDownMillis: 60000\n",
                    List.of(new String[] {"node1", doomed.url()}, new String[] {"node2", survivor.url()}));
            WsClient client = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=X.node1");
            assertEquals("node=node1", client.who());
            client.send("push:100000");
            assertEquals("push 0", client.next());
            doomed.kill();
            assertNotNull(client.closed.get(30, TimeUnit.SECONDS), "the client's side closes when its node dies");
            awaitCount("open tunnels of node1", 0, () -> router.nodes().find("node1").openTunnels());
            WsClient again = WsClient.connect(ws("/ws"), "Cookie", "JSESSIONID=X.node1");
            assertEquals("node=node2", again.who(), "the reconnect is re-pinned to a live node");
            assertEquals("after", echo(again, "after"));
            again.close();
        }
    }

    @Test
    void tunnelsCanBeSwitchedOff() throws Exception {
        start("persistence: [jsessionid]\ntunnel:\n  enabled: false\n", "node1");
        String answer = RawHttp.exchange(router.port(), "GET /plain HTTP/1.1\r\nHost: x\r\nCookie: JSESSIONID=X.node1\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("X-Seen-Upgrade: null"), answer);
    }
}
