package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.config.ConfigException;
import dev.limpet.router.config.RouterConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several certificates on the TLS listener, chosen by the host name the client sends by SNI (RFC 6066): one key
 * store with three keys made by keytool; each known name gets its own certificate, an unknown name and a client
 * without SNI the {@code tls.defaultAlias} one. Checked with raw {@code SSLSocket}s and with the JDK's HTTP client.
 */
class SniIT {

    @TempDir
    Path dir;

    @BeforeEach
    void keyStore() throws Exception {
        Path store = dir.resolve("sni.p12");
        TestTls.keyPair(store, "fallback", "CN=fallback", "ip:127.0.0.1");
        TestTls.keyPair(store, "local", "CN=localhost", "dns:localhost");
        TestTls.keyPair(store, "shop", "CN=shop.test", "dns:shop.test,dns:*.shop.test");
        Files.writeString(dir.resolve("keystore.pw"), TestTls.PASSWORD + "\n");
    }

    @Test
    void eachHostNameGetsItsOwnCertificateAndUnknownNamesTheDefault() throws Exception {
        try (RouterFixture fx = new RouterFixture("node1")) {
            fx.start(dir, "persistence: []\ntls: {keyStoreFile: sni.p12, keyStorePasswordFile: keystore.pw,"
                    + " defaultAlias: fallback}\n");
            int port = fx.router.port();
            assertEquals("CN=localhost", subject(port, "localhost"));
            assertEquals("CN=shop.test", subject(port, "shop.test"));
            assertEquals("CN=shop.test", subject(port, "www.shop.test"), "wildcard name");
            assertEquals("CN=fallback", subject(port, "unknown.test"), "unknown name: the default certificate");
            assertEquals("CN=fallback", subject(port, null), "no SNI: the default certificate");

            HttpClient http = HttpClient.newBuilder().sslContext(TestTls.trusting(dir.resolve("sni.p12")))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> byName = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                    + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, byName.statusCode());
            assertEquals("CN=localhost", peer(byName));
            HttpResponse<String> byAddress = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("CN=fallback", peer(byAddress));
        }
    }

    @Test
    void severalKeysNeedAKnownDefaultAlias() throws Exception {
        String base = "listen: 127.0.0.1:0\nbackends: [{route: n, url: 'http://127.0.0.1:1'}]\npersistence: []\n";
        ConfigException missing = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () ->
                RouterConfig.fromYaml(base + "tls: {keyStoreFile: sni.p12, keyStorePasswordFile: keystore.pw}\n",
                        Map.of(), dir));
        assertTrue(missing.getMessage().contains("tls.defaultAlias: is required when the key store holds several"
                + " keys"), missing.getMessage());
        ConfigException unknown = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () ->
                RouterConfig.fromYaml(base + "tls: {keyStoreFile: sni.p12, keyStorePasswordFile: keystore.pw,"
                        + " defaultAlias: nope}\n", Map.of(), dir));
        assertTrue(unknown.getMessage().contains("tls.defaultAlias: no private key with alias [nope]"),
                unknown.getMessage());
    }

    private static String subject(int port, String sniHost) throws Exception {
        return TestTls.serverCertificate(port, sniHost).getSubjectX500Principal().getName();
    }

    private static String peer(HttpResponse<?> response) throws Exception {
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
    }
}
