package dev.limpet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.config.RouterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload re-reads the TLS key store: new handshakes get the new certificate, the router keeps running. */
class TlsReloadIT {

    @Test
    void aReloadServesTheRenewedCertificate(@TempDir Path dir) throws Exception {
        Path old = keyStore(dir, "old.p12", "CN=before-renewal");
        Path renewed = keyStore(dir, "renewed.p12", "CN=after-renewal");
        Files.copy(old, dir.resolve("router.p12"));
        Files.writeString(dir.resolve("keystore.pw"), TestTls.PASSWORD + "\n");
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
        return TestTls.keyPair(dir.resolve(name), "router", dname, "ip:127.0.0.1");
    }

    private static String subject(int port) throws Exception {
        return TestTls.serverCertificate(port, null).getSubjectX500Principal().getName();
    }
}
