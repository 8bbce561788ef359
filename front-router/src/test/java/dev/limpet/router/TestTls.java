package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A throw-away PKCS12 key store for 127.0.0.1 made with the JDK's keytool, and a client context trusting it. */
final class TestTls {

    static final String PASSWORD = "tls-it-password";

    private TestTls() {
    }

    /**
     * Writes {@code router.p12} and {@code keystore.pw} into {@code dir}.
     *
     * @return the YAML {@code tls} block using them
     */
    static String keyStore(Path dir) throws Exception {
        Path keyStore = dir.resolve("router.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "router", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(true, keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool");
        Files.writeString(dir.resolve("keystore.pw"), PASSWORD + "\n");
        return "tls: {keyStoreFile: router.p12, keyStorePasswordFile: keystore.pw}\n";
    }

    /** @return a client TLS context that trusts the certificate in {@code dir/router.p12} */
    static SSLContext clientContext(Path dir) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("router.p12"))) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
