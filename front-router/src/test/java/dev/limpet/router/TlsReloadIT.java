package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.config.RouterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload re-reads the TLS key store: new handshakes get the new certificate, the router keeps running. */
class TlsReloadIT {

    private static final String PASSWORD = "tls-reload-password";

    @Test
    void aReloadServesTheRenewedCertificate(@TempDir Path dir) throws Exception {
        Path old = keyStore(dir, "old.p12", "CN=before-renewal");
        Path renewed = keyStore(dir, "renewed.p12", "CN=after-renewal");
        Files.copy(old, dir.resolve("router.p12"));
        Files.writeString(dir.resolve("keystore.pw"), PASSWORD + "\n");
        String extra = "persistence: []\ntls: {keyStoreFile: router.p12, keyStorePasswordFile: keystore.pw}\n";
        try (RouterFixture fx = new RouterFixture("node1")) {
            fx.start(dir, extra);
            assertEquals("CN=before-renewal", subject(fx.router.port()));
            Files.copy(renewed, dir.resolve("router.p12"), StandardCopyOption.REPLACE_EXISTING);
            String summary = fx.router.reload(RouterConfig.fromYaml(fx.yaml(dir, extra), Map.of(), dir));
            assertTrue(summary.contains("node1"), summary);
            assertEquals("CN=after-renewal", subject(fx.router.port()));
        }
    }

    private static Path keyStore(Path dir, String name, String dname) throws Exception {
        Path file = dir.resolve(name);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "router", "-dname", dname,
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool");
        return file;
    }

    /** @return the subject of the certificate a fresh handshake with the router presents */
    private static String subject(int port) throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0]; // a test client that only looks at what it is shown
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {recorder}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
        }
        return seen[0].getSubjectX500Principal().getName();
    }
}
