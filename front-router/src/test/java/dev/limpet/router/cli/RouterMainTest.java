package dev.limpet.router.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import dev.limpet.router.config.RouterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterMainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RouterMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void malformedConfigExitsNonZeroListingEveryProblemWithoutAStackTrace() throws Exception {
        Path config = dir.resolve("router.yaml");
        Files.writeString(config, """
                listen: nowhere
                backends:
                  - route: "x y"
                    url: http://127.0.0.1:9001
                persistence: [teleport]
                colour: blue
                """);
        assertEquals(RouterMain.EXIT_CONFIG, run("--config", config.toString()));
        String text = err.toString();
        for (String fragment : new String[] {"listen:", "backends[0].route:", "unknown persistence method [teleport]",
                "colour: unknown key"}) {
            assertTrue(text.contains(fragment), "missing [" + fragment + "] in:\n" + text);
        }
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
    }

    @Test
    void missingConfigFileIsAConfigError() {
        assertEquals(RouterMain.EXIT_CONFIG, run("--config", dir.resolve("absent.yaml").toString()));
        assertTrue(err.toString().contains("cannot read configuration file"), err.toString());
    }

    @Test
    void checkValidatesWithoutStarting() throws Exception {
        Path config = dir.resolve("ok.yaml");
        Files.writeString(config, "listen: 127.0.0.1:0\npersistence: [jsessionid]\n"
                + "backends: [{route: node1, url: 'http://127.0.0.1:9001'}]\n");
        assertEquals(0, run("--check", "--config", config.toString()));
        assertTrue(out.toString().contains("is valid"), out.toString());
    }

    @Test
    void checkAcceptsTheFlatRouterCookieKeysWithAWarning() throws Exception {
        Path config = dir.resolve("flat.yaml");
        Files.writeString(config, "listen: 127.0.0.1:0\npersistence: [jsessionid]\nrouterCookieSecure: true\n"
                + "backends: [{route: node1, url: 'http://127.0.0.1:9001'}]\n");
        assertEquals(0, run("--check", "--config", config.toString()), err.toString());
        assertTrue(out.toString().contains("note: the flat keys [routerCookieSecure] are deprecated"), out.toString());
    }

    @Test
    void checkRefusesASecretShorterThan32BytesThatTheRouterStillAccepts() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "only-twenty-bytes-xx\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("short.yaml");
        Files.writeString(config, "listen: 127.0.0.1:0\nsecretFile: secret\npersistence: [backend-cookie]\n"
                + "backends: [{route: node1, url: 'http://127.0.0.1:9001'}]\n");
        assertEquals(RouterMain.EXIT_CONFIG, run("--check", "--config", config.toString()));
        assertTrue(err.toString().contains("the shortest secret is 20 bytes; use at least 32"), err.toString());
        assertTrue(RouterConfig.fromFile(config).secrets().isPresent(), "the router itself still accepts it");
    }

    @Test
    void secretAndTokenFilesWritableByGroupOrOthersAreRefused() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "a-secret-of-thirty-two-bytes-xxx\n");
        Path token = Files.writeString(dir.resolve("token"), "admin-token-0123456789abcdef\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-rw----"));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw----rw-"));
        Path config = dir.resolve("modes.yaml");
        Files.writeString(config, "listen: 127.0.0.1:0\nsecretFile: secret\npersistence: [backend-cookie]\n"
                + "backends: [{route: node1, url: 'http://127.0.0.1:9001'}]\nadmin: {tokenFile: token}\n");
        assertEquals(RouterMain.EXIT_CONFIG, run("--check", "--config", config.toString()));
        String text = err.toString();
        assertTrue(text.contains("secretFile: [" + secret + "] is writable by group or others (rw-rw----)"), text);
        assertTrue(text.contains("admin.tokenFile: [" + token + "] is writable by group or others"), text);

        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, run("--check", "--config", config.toString()), err.toString());
    }

    @Test
    void versionHelpAndUsageErrors() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("limpet-router "), out.toString());
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--config"));
        assertEquals(2, run());
        assertTrue(err.toString().contains("Missing required option"), err.toString());
    }
}
