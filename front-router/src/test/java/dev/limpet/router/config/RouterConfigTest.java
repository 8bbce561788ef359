package dev.limpet.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterConfigTest {

    private static final String SECRET = "a-secret-of-at-least-16-bytes-1234";

    @TempDir
    Path dir;

    private Path secretFile() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, SECRET + "\n");
        return file;
    }

    @Test
    void theDocumentedExampleWorksVerbatim() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc/limpet"));
        Files.writeString(etc.resolve("secret"), SECRET);
        String yaml = """
                listen: 127.0.0.1:8080
                secretFile: /etc/limpet/secret
                backends:
                  - route: node1
                    url: http://127.0.0.1:9001
                  - route: node2
                    url: http://127.0.0.1:9002
                persistence: [backend-cookie, jsessionid, router-cookie]
                """.replace("/etc/limpet/secret", etc.resolve("secret").toString());
        RouterConfig c = RouterConfig.fromYaml(yaml);
        assertEquals("127.0.0.1", c.listenHost());
        assertEquals(8080, c.listenPort());
        assertEquals(List.of(new BackendConfig("node1", URI.create("http://127.0.0.1:9001")),
                new BackendConfig("node2", URI.create("http://127.0.0.1:9002"))), c.backends());
        assertEquals(List.of("backend-cookie", "jsessionid", "router-cookie"), c.persistence());
        assertTrue(c.secrets().isPresent());
        assertEquals("X-Backend", c.backendCookieName());
        assertEquals("LIMPET", c.routerCookie().name());
        assertEquals("Lax", c.routerCookie().sameSite());
        assertEquals('.', c.routeSeparator());
        assertFalse(c.healthCheck().enabled());
        assertEquals(2000, c.timeouts().connectTimeoutMillis());
        assertEquals(1, c.retries());
        assertFalse(c.toString().contains(SECRET), "the secret is never printed");
    }

    @Test
    void everyOptionalKeyIsReadWithUnits() throws Exception {
        RouterConfig c = RouterConfig.fromYaml("""
                listen: "[::1]:0"
                secretEnv: LIMPET_SECRET
                backends: [{route: a, url: "http://h1"}]
                persistence: [router-cookie]
                backendCookieName: X-Node
                sessionCookieName: SESSION
                routerCookieName: RC
                routerCookieLifetimeSeconds: 3600
                routerCookieSameSite: None
                routerCookieSecure: true
                routeSeparator: "!"
                healthCheck: {path: /ping, intervalMillis: 500, timeoutMillis: 200, rise: 3, fall: 4}
                connectTimeoutMillis: 100
                backendIdleTimeoutMillis: 200
                clientIdleTimeoutMillis: 300
                passiveDownMillis: 400
                retries: 2
                maxThreads: 16
                maxConnectionsPerBackend: 8
                forwardedHeaders: false
                """, Map.of("LIMPET_SECRET", SECRET), dir);
        assertEquals("::1", c.listenHost());
        assertEquals(80, c.backends().get(0).port());
        assertEquals(new RouterCookieConfig("RC", 3600, "None", true), c.routerCookie());
        assertEquals(new HealthCheckConfig(true, "/ping", 500, 200, 3, 4), c.healthCheck());
        assertEquals(new RouterConfig.Timeouts(100, 200, 300, 400), c.timeouts());
        assertEquals('!', c.routeSeparator());
        assertEquals("SESSION", c.sessionCookieName());
        assertEquals(2, c.retries());
        assertEquals(16, c.maxThreads());
        assertEquals(8, c.maxConnectionsPerBackend());
        assertFalse(c.forwardedHeaders());
    }

    @Test
    void relativeSecretFileIsResolvedAgainstTheConfigFilesDirectory() throws Exception {
        secretFile();
        Path config = dir.resolve("router.yaml");
        Files.writeString(config, "listen: 0.0.0.0:0\nsecretFile: secret\nbackends: [{route: n, url: 'http://x:1'}]\n");
        assertTrue(RouterConfig.fromFile(config).secrets().isPresent());
    }

    @Test
    void aMalformedConfigListsEveryProblemInOneMessage() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> RouterConfig.fromYaml("""
                listen: localhost
                secretFile: /nonexistent/limpet/secret
                bogus: 1
                backends:
                  - route: node1
                    url: ftp://127.0.0.1:9001
                  - route: node1
                    url: http://127.0.0.1:9002
                  - route: "bad route!"
                    url: "http://[broken"
                  - route: node3
                    url: http://127.0.0.1:9003/app
                    weight: 300
                    colour: red
                persistence: [backend-cookie, sticky-magic]
                routerCookieSameSite: Sometimes
                healthCheck: {intervalMillis: -5, colour: red}
                retries: many
                """, Map.of(), dir));
        List<String> expected = List.of("listen:", "secretFile: cannot read secret file", "backends[0].url:",
                "backends[1].route: duplicate route [node1]", "backends[2].route: must match",
                "backends[2].url:", "backends[3].url:", "backends[3].weight: must be a whole number from 0 to 256",
                "backends[3].colour: unknown key",
                "unknown persistence method [sticky-magic]", "routerCookieSameSite:",
                "healthCheck.intervalMillis:", "healthCheck.colour: unknown key", "retries:", "bogus: unknown key");
        for (String fragment : expected) {
            assertTrue(e.getMessage().contains(fragment), "missing [" + fragment + "] in:\n" + e.getMessage());
        }
        assertEquals(expected.size(), e.problems().size(), e.getMessage());
        assertEquals(e.problems().size(), e.getMessage().split("\\R").length, "one problem per line");
    }

    @Test
    void signedMethodsNeedASecret() {
        ConfigException e = assertThrows(ConfigException.class, () -> RouterConfig.fromYaml(
                "listen: 0.0.0.0:0\nbackends: [{route: n, url: 'http://x:1'}]\npersistence: [router-cookie]\n",
                Map.of(), dir));
        assertTrue(e.getMessage().contains("secretFile or secretEnv is required"), e.getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> RouterConfig.fromYaml(
                "listen: 0.0.0.0:0\nsecretEnv: NOPE\nbackends: [{route: n, url: 'http://x:1'}]\n", Map.of(), dir))
                .getMessage().contains("[NOPE] is not set"));
    }

    @Test
    void aSecretIsOptionalForJsessionidOnly() throws Exception {
        RouterConfig c = RouterConfig.fromYaml(
                "listen: 0.0.0.0:0\nbackends: [{route: n, url: 'http://x:1'}]\npersistence: [jsessionid]\n",
                Map.of(), dir);
        assertFalse(c.secrets().isPresent());
    }

    @Test
    void syntaxErrorsAndEmptyInputAreOneClearProblem() {
        assertTrue(assertThrows(ConfigException.class, () -> RouterConfig.fromYaml("listen: [unclosed\n"))
                .getMessage().startsWith("YAML syntax error at line"));
        assertEquals(List.of("configuration is empty"),
                assertThrows(ConfigException.class, () -> RouterConfig.fromYaml("")).problems());
        assertTrue(assertThrows(ConfigException.class, () -> RouterConfig.fromYaml("a: 1\na: 2\n"))
                .getMessage().contains("YAML syntax error"), "duplicate keys are rejected");
    }
}
