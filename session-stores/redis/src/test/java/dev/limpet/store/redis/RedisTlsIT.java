package dev.limpet.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.limpet.core.store.StoreProviders;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.testsupport.RedisServerProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a real TLS-only redis-server with a self-signed certificate for {@code localhost}
 * (made with openssl): trusted through the {@code trustStore} property, refused when untrusted or when the host
 * name does not match.
 */
class RedisTlsIT {

    private static Path dir;
    private static Path trustStore;
    private static RedisServerProcess redis;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        dir = Files.createTempDirectory("limpet-redis-tls-");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", key.toString(),
                "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (openssl.waitFor() != 0) {
            throw new IllegalStateException("openssl failed (apt-get install -y openssl): " + output);
        }
        trustStore = dir.resolve("trust.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("redis", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, "changeit".toCharArray());
        }
        redis = new RedisServerProcess().withTls(cert, key);
        redis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static StoreBackend open(String host, boolean trusted) throws Exception {
        Map<String, String> properties = new HashMap<>();
        if (trusted) {
            properties.put("trustStore", trustStore.toString());
            properties.put("trustStorePassword", "changeit");
        }
        return StoreProviders.open(new StoreOptions("rediss://" + host + ":" + redis.port() + "/0", 2000, null, properties),
                RedisTlsIT.class.getClassLoader());
    }

    @Test
    void aTrustedCertificateForTheHostConnects() throws Exception {
        try (StoreBackend backend = open("localhost", true)) {
            assertEquals(1, backend.put("limpet:tls:s", new byte[] {1, 2}, StoreBackend.NEW_ONLY, 60_000));
            assertEquals(1, backend.get("limpet:tls:s").orElseThrow().version());
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        try (StoreBackend backend = open("localhost", false)) {
            assertHandshakeRefused(assertThrows(StoreUnavailableException.class, () -> backend.get("limpet:tls:s")));
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() throws Exception {
        try (StoreBackend backend = open("127.0.0.1", true)) {
            assertHandshakeRefused(assertThrows(StoreUnavailableException.class, () -> backend.get("limpet:tls:s")));
        }
    }

    private static void assertHandshakeRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException) {
                return;
            }
        }
        throw new AssertionError("expected a TLS handshake failure in the cause chain", failure);
    }
}
