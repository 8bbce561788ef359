package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 to clients with {@code http2: true}: h2 over TLS (ALPN) and h2c in clear text, each with HTTP/1.1 still
 * served on the same listener, and pinning identical on every protocol (real JDK HTTP/2 client, real Jetty nodes).
 */
class Http2IT {

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private static HttpResponse<String> get(HttpClient client, String url, String cookie) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void pinnedOnEveryProtocol(String base, HttpClient.Builder builder) throws Exception {
        HttpClient h2 = builder.version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(60)).build();
        HttpClient h1 = builder.version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(60)).build();
        for (String home : new String[] {"node1", "node2"}) {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> two = get(h2, base + "/app/" + i, "JSESSIONID=abc." + home);
                assertEquals(HttpClient.Version.HTTP_2, two.version(), "request " + i);
                assertEquals(home, RouterFixture.node(two));
                assertEquals("127.0.0.1:" + fx.router.port(), two.headers().firstValue("X-Seen-Host").orElseThrow(),
                        "the node sees the client's authority as Host");
                HttpResponse<String> one = get(h1, base + "/app/" + i, "JSESSIONID=abc." + home);
                assertEquals(HttpClient.Version.HTTP_1_1, one.version());
                assertEquals(home, RouterFixture.node(one));
            }
        }
        HttpResponse<String> balanced = get(h2, base + "/login?backendCookie=1", "a=b");
        String xBackend = RouterFixture.setCookie(balanced, "X-Backend");
        for (int i = 0; i < 10; i++) {
            assertEquals(RouterFixture.node(balanced), RouterFixture.node(get(h2, base + "/x", xBackend)));
            assertEquals(RouterFixture.node(balanced), RouterFixture.node(get(h1, base + "/x", xBackend)));
        }
    }

    @Test
    void h2OverTlsByAlpnAndHttp11OnTheSameListenerArePinnedAlike() throws Exception {
        String tls = TestTls.keyStore(dir);
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [backend-cookie, jsessionid]\nhttp2: true\n" + tls);
        pinnedOnEveryProtocol("https://127.0.0.1:" + fx.router.port(),
                HttpClient.newBuilder().sslContext(TestTls.clientContext(dir)));
    }

    @Test
    void h2cAndHttp11OnTheSameListenerArePinnedAlike() throws Exception {
        fx = new RouterFixture("node1", "node2");
        fx.start(dir, "persistence: [backend-cookie, jsessionid]\nhttp2: true\n");
        pinnedOnEveryProtocol("http://127.0.0.1:" + fx.router.port(), HttpClient.newBuilder());
    }
}
