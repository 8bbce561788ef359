package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.security.cert.X509Certificate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throw-away PKCS12 key and trust stores made with the JDK's keytool (self-signed EC certificates valid two days),
 * and a client context trusting one.
 */
final class TestTls {

    static final String PASSWORD = "tls-it-password";

    private TestTls() {
    }

    /**
     * Writes {@code router.p12} (a key for 127.0.0.1) and {@code keystore.pw} into {@code dir}.
     *
     * @return the YAML {@code tls} block using them
     */
    static String keyStore(Path dir) throws Exception {
        keyPair(dir.resolve("router.p12"), "router", "CN=127.0.0.1", "ip:127.0.0.1");
        Files.writeString(dir.resolve("keystore.pw"), PASSWORD + "\n");
        return "tls: {keyStoreFile: router.p12, keyStorePasswordFile: keystore.pw}\n";
    }

    /**
     * Adds a key pair with a self-signed certificate to a PKCS12 store (created when absent), password
     * {@link #PASSWORD}.
     *
     * @param store the store file
     * @param alias the entry's alias
     * @param dname the subject, e.g. {@code CN=node}
     * @param san   the subject alternative names in keytool's syntax, e.g. {@code ip:127.0.0.1,dns:localhost}
     */
    static Path keyPair(Path store, String alias, String dname, String san) throws Exception {
        keytool("-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", alias, "-dname", dname,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        return store;
    }

    /**
     * Copies the certificate of {@code alias} in {@code from} into the trust store {@code to} (created when absent)
     * as a trusted-certificate entry, password {@link #PASSWORD}.
     */
    static Path trust(Path from, String alias, Path to) throws Exception {
        Path pem = Files.createTempFile(to.toAbsolutePath().getParent(), alias, ".pem");
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", from.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", pem.toString(), "-storetype", "PKCS12",
                "-keystore", to.toString(), "-storepass", PASSWORD);
        Files.delete(pem);
        return to;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(true, keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + output);
    }

    /**
     * Opens a TLS connection and returns the certificate the server presents, trusting whatever it shows (a test
     * client that only looks).
     *
     * @param port    the server's port on 127.0.0.1
     * @param sniHost the host name sent by SNI (RFC 6066), or null to send none
     * @return the server's leaf certificate
     */
    static X509Certificate serverCertificate(int port, String sniHost) throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {recorder}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            if (sniHost != null) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(sniHost)));
                socket.setSSLParameters(parameters);
            }
            socket.startHandshake();
        }
        return seen[0];
    }

    /** @return a client TLS context that trusts the certificate in {@code dir/router.p12} */
    static SSLContext clientContext(Path dir) throws Exception {
        return trusting(dir.resolve("router.p12"));
    }

    /** @return a client TLS context that trusts every certificate in the PKCS12 {@code store} */
    static SSLContext trusting(Path store) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
