package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.token.AffinityTokenCodec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and unusual headers through the router to real Jetty backends, one rule per test: forwarding headers
 * of untrusted peers are dropped or replaced and those of trusted proxies kept; the PROXY protocol (v1 and v2)
 * gives the client address; {@code Connection: Host} cannot remove {@code Host}; headers a node lists in
 * {@code Connection} do not reach the client; the access log hides {@code ;jsessionid=}; of two {@code X-Backend}
 * cookies the one that verifies pins the request.
 */
class HeaderHygieneIT {

    private static final String SPOOFED = "Forwarded: for=6.6.6.6;proto=https;host=evil.example\r\n"
            + "X-Forwarded-Port: 4443\r\nX-Forwarded-Prefix: /evil\r\nX-Forwarded-Server: evil\r\n"
            + "X-Real-IP: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n"
            + "X-Forwarded-For: 6.6.6.6\r\n";

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private String seen(String extraHeaders) throws Exception {
        return RawHttp.exchange(fx.router.port(), "GET /h?echoHeaders=1 HTTP/1.1\r\nHost: shop.example\r\n"
                + extraHeaders + "Connection: close\r\n\r\n");
    }

    @Test
    void forwardingHeadersOfAnUntrustedPeerAreDroppedOrReplaced() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\n");
        String answer = seen(SPOOFED);
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        for (String gone : new String[] {"Forwarded:", "X-Forwarded-Port:", "X-Forwarded-Prefix:",
            "X-Forwarded-Server:", "X-Real-IP:", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil"}) {
            assertFalse(answer.contains("\n" + gone), gone + " must not reach the node: " + answer);
        }
        assertTrue(answer.contains("\nX-Forwarded-Proto: http\n"), answer);
        assertTrue(answer.contains("\nX-Forwarded-Host: shop.example\n"), answer);
        assertTrue(answer.contains("\nX-Forwarded-For: 6.6.6.6, 127.0.0.1\n"), "the peer is appended: " + answer);
    }

    @Test
    void forwardingHeadersOfATrustedProxyPassUnchanged() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\ntrustedProxies: [127.0.0.0/8]\n");
        String answer = seen(SPOOFED);
        for (String kept : new String[] {"Forwarded: for=6.6.6.6;proto=https;host=evil.example",
            "X-Forwarded-Port: 4443", "X-Forwarded-Prefix: /evil", "X-Forwarded-Server: evil", "X-Real-IP: 6.6.6.6",
            "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example", "X-Forwarded-For: 6.6.6.6, 127.0.0.1"}) {
            assertTrue(answer.contains("\n" + kept + "\n"), kept + ": " + answer);
        }
        assertFalse(answer.contains("X-Forwarded-Proto: http\n"), "the proxy's own value is not duplicated");
    }

    @Test
    void proxyProtocolV1AndV2GiveTheClientAddress() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\nproxyProtocol: true\n");
        String v1 = RawHttp.exchange(fx.router.port(), "PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n"
                + "GET /h?echoHeaders=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertTrue(v1.contains("\nX-Forwarded-For: 203.0.113.7\n"), v1);
        byte[] header = proxyV2(new byte[] {(byte) 198, 51, 100, 9}, new byte[] {127, 0, 0, 1}, 40001, 80);
        byte[] http = "GET /h?echoHeaders=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] both = new byte[header.length + http.length];
        System.arraycopy(header, 0, both, 0, header.length);
        System.arraycopy(http, 0, both, header.length, http.length);
        String v2 = RawHttp.exchange(fx.router.port(), new String(both, StandardCharsets.ISO_8859_1));
        assertTrue(v2.contains("\nX-Forwarded-For: 198.51.100.9\n"), v2);
        String none = RawHttp.exchange(fx.router.port(), "GET /h?echoHeaders=1 HTTP/1.1\r\nHost: a\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(none.contains("\nX-Forwarded-For: 127.0.0.1\n"), "no PROXY header: the TCP peer (Jetty detects it)");
    }

    /** HAProxy PROXY protocol v2, PROXY command, TCP over IPv4. */
    private static byte[] proxyV2(byte[] source, byte[] destination, int sourcePort, int destinationPort) {
        byte[] signature = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
        byte[] out = new byte[16 + 12];
        System.arraycopy(signature, 0, out, 0, 12);
        out[12] = 0x21;
        out[13] = 0x11;
        out[14] = 0;
        out[15] = 12;
        System.arraycopy(source, 0, out, 16, 4);
        System.arraycopy(destination, 0, out, 20, 4);
        out[24] = (byte) (sourcePort >> 8);
        out[25] = (byte) sourcePort;
        out[26] = (byte) (destinationPort >> 8);
        out[27] = (byte) destinationPort;
        return out;
    }

    @Test
    void connectionHostCannotRemoveHostAndListedHeadersAreDropped() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\n");
        String answer = RawHttp.exchange(fx.router.port(), "GET /h?echoHeaders=1 HTTP/1.1\r\nHost: shop.example\r\n"
                + "Connection: Host, X-Private\r\nX-Private: secret\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("\nHost: shop.example\n"), "Host survives Connection: Host: " + answer);
        assertFalse(answer.contains("X-Private"), answer);
    }

    @Test
    void headersTheNodeListsInConnectionDoNotReachTheClient() throws Exception {
        fx = new RouterFixture("node1");
        fx.start(dir, "persistence: []\n");
        HttpResponse<String> r = fx.get("/h?connectionHeader=1");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("X-Hop-Secret").isEmpty(), r.headers().map().toString());
        assertEquals("node1", RouterFixture.node(r));
    }

    @Test
    void accessLogRedactsJsessionidPathParameters() throws Exception {
        fx = new RouterFixture("node1");
        Path log = dir.resolve("access.log");
        fx.start(dir, "persistence: [jsessionid]\naccessLog:\n  file: " + log + "\n");
        assertEquals(200, fx.get("/shop;JSESSIONID=secret0123.node1/cart;jsessionid=other9.node1?x=1").statusCode());
        String text = await("the access log records the request").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(log) ? Files.readString(log) : "",
                        written -> written.contains("/shop"));
        assertTrue(text.contains("\"GET /shop;JSESSIONID=REDACTED/cart;jsessionid=REDACTED\""), text);
        assertFalse(text.contains("secret0123") || text.contains("other9"), text);
    }

    @Test
    void ofTwoXBackendCookiesTheOneThatVerifiesPins() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [backend-cookie]\n");
        AffinityTokenCodec ours = new AffinityTokenCodec("X-Backend", fx.secrets.keyRing(KeyPurpose.BACKEND_COOKIE));
        long now = Instant.now().getEpochSecond();
        String valid = ours.sign("node2", now, now + 600);
        String expired = ours.sign("node1", now - 7200, now - 3600);
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = fx.get("/app", "Cookie", "X-Backend=" + expired + "; X-Backend=" + valid);
            assertEquals("node2", RouterFixture.node(r), "request " + i);
            HttpResponse<String> two = fx.get("/app", "Cookie", "X-Backend=garbage", "Cookie", "X-Backend=" + valid);
            assertEquals("node2", RouterFixture.node(two), "two Cookie headers, request " + i);
        }
    }
}
