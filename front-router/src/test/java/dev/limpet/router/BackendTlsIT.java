package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.node.NodeState;
import dev.limpet.router.ws.WsClient;
import dev.limpet.router.ws.WsNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to {@code https://} nodes end to end over real sockets: real Jetty nodes with their own TLS connectors and
 * self-signed certificates made by keytool; requests pinned as usual, a WebSocket tunnelled over the node's TLS
 * ({@code wss} behind a plain {@code ws} listener), health checks over TLS, a node that requires a client certificate
 * (without it 502 and the node down, with it served), an untrusted and a misnamed node certificate (502 and down;
 * served once {@code hostnameVerification} is off).
 */
class BackendTlsIT {

    @TempDir
    Path dir;

    private WsFarm farm;
    private LimpetRouter router;

    @BeforeEach
    void stores() throws Exception {
        farm = new WsFarm(dir);
        Files.writeString(dir.resolve("store.pw"), TestTls.PASSWORD + "\n");
        Files.setPosixFilePermissions(dir.resolve("store.pw"), PosixFilePermissions.fromString("rw-------"));
        TestTls.keyPair(dir.resolve("node.p12"), "node", "CN=node", "ip:127.0.0.1,dns:localhost");
        TestTls.trust(dir.resolve("node.p12"), "node", dir.resolve("trust.p12"));
    }

    @AfterEach
    void stop() throws Exception {
        farm.close();
    }

    @Test
    void httpsNodesArePinnedAndCarryWebSockets() throws Exception {
        start(node("node1", "node.p12"), node("node2", "node.p12"));
        startRouter("persistence: [backend-cookie]\n" + HEALTH + trusting("trust.p12", ""));
        HttpResponse<String> first = get("/?backendCookie=1");
        assertEquals(200, first.statusCode(), first.body());
        String home = first.headers().firstValue("X-Node").orElseThrow();
        String cookie = RouterFixture.setCookie(first, "X-Backend");
        assertNotNull(cookie, "the node's signed cookie came back through TLS");
        for (int i = 0; i < 5; i++) {
            assertEquals(home, get("/", "Cookie", cookie).headers().firstValue("X-Node").orElse(null));
        }
        WsClient ws = WsClient.connect("ws://127.0.0.1:" + router.port() + "/ws", "Cookie", cookie);
        assertEquals("node=" + home, ws.who(), "the upgrade is pinned to the https node");
        for (int i = 0; i < 200; i++) {
            ws.send("m" + i);
            assertEquals("m" + i, ws.next());
        }
        String big = "x".repeat(256 * 1024);
        ws.send(big);
        assertEquals(big, ws.next(), "a large message through the node's TLS both ways");
        ws.close();
        assertEquals(1000, ws.closed.get(30, java.util.concurrent.TimeUnit.SECONDS));
        awaitState("node1", NodeState.UP);
        awaitState("node2", NodeState.UP);
    }

    @Test
    void aNodeRequiringAClientCertificateIsServedOnlyWithOne() throws Exception {
        TestTls.keyPair(dir.resolve("client.p12"), "router", "CN=router", "dns:router");
        TestTls.trust(dir.resolve("client.p12"), "router", dir.resolve("clients.p12"));
        SslContextFactory.Server tls = tls("node.p12");
        tls.setNeedClientAuth(true);
        tls.setTrustStorePath(dir.resolve("clients.p12").toString());
        tls.setTrustStorePassword(TestTls.PASSWORD);
        start(new WsNode("node1", 0, RouterFixture.SECRET, tls));

        startRouter("persistence: []\n" + HEALTH + trusting("trust.p12", ""));
        assertEquals(502, get("/").statusCode(), "no client certificate: the node refuses the handshake");
        awaitState("node1", NodeState.DOWN_HEALTH_CHECK);

        startRouter("persistence: []\n" + HEALTH + trusting("trust.p12",
                "  keyStoreFile: client.p12\n  keyStorePasswordFile: store.pw\n"));
        awaitState("node1", NodeState.UP);
        HttpResponse<String> served = get("/");
        assertEquals(200, served.statusCode(), served.body());
        assertEquals("node=node1", served.body());
    }

    @Test
    void anUntrustedOrMisnamedNodeCertificateFailsClearly() throws Exception {
        TestTls.keyPair(dir.resolve("other.p12"), "other", "CN=other", "dns:other.example");
        TestTls.trust(dir.resolve("other.p12"), "other", dir.resolve("other-trust.p12"));
        start(node("node1", "node.p12"), node("named", "other.p12"));

        startRouter("persistence: []\nretries: 0\n" + trusting("other-trust.p12", ""));
        assertEquals(502, get("/").statusCode(), "the handshake failed: 502, not 503");

        startRouter("persistence: []\n" + HEALTH + trusting("other-trust.p12", ""));
        awaitState("node1", NodeState.DOWN_HEALTH_CHECK);
        awaitState("named", NodeState.DOWN_HEALTH_CHECK); // trusted, but named other.example, reached as 127.0.0.1

        startRouter("persistence: []\n" + HEALTH + trusting("other-trust.p12", "  hostnameVerification: false\n"));
        awaitState("named", NodeState.UP);
        awaitState("node1", NodeState.DOWN_HEALTH_CHECK); // still not trusted
        HttpResponse<String> served = get("/");
        assertEquals("node=named", served.body());
    }

    @Test
    void backendTlsProblemsAreListedAtStartTogether() throws Exception {
        String yaml = """
                listen: 127.0.0.1:0
                backends: [{route: a, url: 'https://127.0.0.1'}, {route: b, url: 'ftp://127.0.0.1:21'}]
                persistence: []
                backendTls:
                  trustStoreFile: missing.p12
                  keyStoreFile: node.p12
                  keyStorePasswordEnv: NOT_SET
                  hostnameVerification: maybe
                  clientCertificate: x
                """;
        String message = org.junit.jupiter.api.Assertions.assertThrows(
                dev.limpet.router.config.ConfigException.class,
                () -> RouterConfig.fromYaml(yaml, Map.of(), dir)).getMessage();
        for (String expected : List.of("backends[1].url: must be http://HOST[:PORT] or https://HOST[:PORT]",
                "backendTls.trustStoreFile: cannot load [", "backendTls.keyStorePasswordEnv: environment variable"
                        + " [NOT_SET] is not set", "backendTls.hostnameVerification: must be true or false",
                "backendTls.clientCertificate: unknown key")) {
            assertTrue(message.contains(expected), expected + " in " + message);
        }
        assertTrue(!message.contains(TestTls.PASSWORD), "no password in messages");
        RouterConfig fine = RouterConfig.fromYaml("listen: 127.0.0.1:0\nbackends: [{route: a, url:"
                + " 'https://127.0.0.1'}]\npersistence: []\n", Map.of(), dir);
        assertEquals(443, fine.backends().get(0).port(), "https without a port: 443");
        assertTrue(fine.backendTls().hostnameVerification() && fine.backendTls().trustStoreFile().isEmpty(),
                "defaults: the JDK's trust store, host names verified");
        RouterConfig unverified = RouterConfig.fromYaml("listen: 127.0.0.1:0\nbackends: [{route: a, url:"
                + " 'https://127.0.0.1'}]\npersistence: []\nbackendTls: {hostnameVerification: false}\n", Map.of(), dir);
        assertTrue(dev.limpet.router.config.ConfigNotes.notes(unverified)
                .contains(dev.limpet.router.config.ConfigNotes.BACKEND_HOSTNAME_UNVERIFIED), "--check says so");
    }

    private static final String HEALTH = "healthCheck: {path: /, intervalMillis: 100, timeoutMillis: 2000, rise: 1,"
            + " fall: 1}\n";

    private static String trusting(String trustStore, String more) {
        return "backendTls:\n  trustStoreFile: " + trustStore + "\n  trustStorePasswordFile: store.pw\n" + more;
    }

    private SslContextFactory.Server tls(String keyStore) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(dir.resolve(keyStore).toString());
        tls.setKeyStorePassword(TestTls.PASSWORD);
        return tls;
    }

    private WsNode node(String route, String keyStore) throws Exception {
        return new WsNode(route, 0, RouterFixture.SECRET, tls(keyStore));
    }

    private void start(WsNode... started) {
        farm.nodes.addAll(List.of(started));
    }

    private void startRouter(String extra) throws Exception {
        farm.nodes.forEach(n -> assertTrue(n.url().startsWith("https://")));
        router = farm.startRouter(extra);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return farm.get(path, headers);
    }

    private void awaitState(String route, NodeState expected) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertEquals(expected, router.nodes().find(route).state(System.nanoTime()), route));
    }
}
