package dev.limpet.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.routing.FailureMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistence, classes, router-cookie, sessionTable and tls keys: defaults, options, every error at once. */
class PersistenceConfigTest {

    private static final String SKELETON = """
            listen: 127.0.0.1:8080
            secretFile: secret
            backends:
              - route: node1
                url: http://127.0.0.1:9001
              - route: node2
                url: http://127.0.0.1:9002
            """;

    @TempDir
    Path dir;

    private RouterConfig parse(String extra) throws Exception {
        Files.writeString(dir.resolve("secret"), "a-secret-of-at-least-16-bytes-1234\n");
        return RouterConfig.fromYaml(SKELETON + extra, Map.of(), dir);
    }

    @Test
    void theSkeletonWorksVerbatimAndWithTheAspnetPreset() throws Exception {
        RouterConfig c = parse("persistence: [backend-cookie, jsessionid, router-cookie]\n");
        assertEquals(1, c.persistenceClasses().size());
        assertEquals(FailureMode.REBALANCE, c.persistenceClasses().get(0).onFailure());
        RouterConfig aspnet = parse("persistence: [aspnet]\n");
        assertEquals(List.of("aspnet"), aspnet.persistence());
        assertEquals(1_000_000, aspnet.sessionTable().maxEntries());
        assertNull(aspnet.sessionTable().redis());
        assertTrue(aspnet.tls().isEmpty());
    }

    /** A shared table with only its URI: every other key at its default (limpet:pin: once read as a YAML mapping). */
    @Test
    void aSharedTableWithOnlyItsUriTakesTheDefaults() throws Exception {
        RouterConfig c = parse("sessionTable: {redis: {uri: 'redis://127.0.0.1:6390'}}\n");
        assertEquals("limpet:pin:", c.sessionTable().redis().keyPrefix());
        assertEquals("redis://127.0.0.1:6390", c.sessionTable().redis().uri());
    }

    @Test
    void methodOptionsClassesTableAndCookieOptionsAreRead() throws Exception {
        Files.writeString(dir.resolve("sorry.html"), "<p>sorry</p>");
        RouterConfig c = parse("""
                persistence: [{method: learn-cookie, namePrefix: ASPSESSIONID}, {method: source-ip, ipv4Prefix: 24,
                  ipv6Prefix: 48, trustedProxies: [10.0.0.0/8, '::1']}, named-node]
                classes:
                  - {path: /static/**, persistence: []}
                  - {pathRegex: '^/mcp', persistence: [{method: header, name: Mcp-Session-Id}], onFailure: strict}
                  - {path: /shop/, persistence: [jsessionid], onFailure: sorry, sorryStatus: 502, sorryPage: sorry.html}
                sessionTable: {maxEntries: 5000, idleTimeoutSeconds: 60, maxKeyLength: 128,
                  redis: {uri: 'redis://127.0.0.1:6390/2', keyPrefix: 'x:', readTimeoutMillis: 20}}
                routerCookieSecure: true
                routerCookieHostPrefix: true
                routerCookieMaxLifeSeconds: 7200
                routerCookieCachePrivate: false
                """);
        List<PersistenceClassConfig> classes = c.persistenceClasses();
        assertEquals(4, classes.size());
        assertEquals("/static/", classes.get(0).pathPrefix());
        assertEquals(FailureMode.STRICT, classes.get(1).onFailure());
        assertEquals(502, classes.get(2).sorryStatus());
        assertEquals("text/html; charset=utf-8", classes.get(2).sorryContentType());
        PersistenceMethodConfig ip = classes.get(3).methods().get(1);
        assertEquals(24, ip.ipv4Prefix());
        assertEquals(2, ip.trustedProxies().size());
        assertTrue(classes.get(3).methods().get(0).namePrefix());
        assertEquals("X-Limpet-Node", classes.get(3).methods().get(2).name());
        assertEquals(5000, c.sessionTable().maxEntries());
        assertEquals("x:", c.sessionTable().redis().keyPrefix());
        assertEquals("__Host-LIMPET", c.routerCookie().name());
        assertEquals(7200, c.routerCookie().maxLifeSeconds());
        assertEquals(false, c.routerCookie().cachePrivate());
    }

    @Test
    void everyPersistenceProblemIsListedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                persistence: [learn-cookie, header, {method: source-ip, ipv4Prefix: 40, colour: red},
                  {method: learn-cookie, name: A, namePrefix: B}, tls-session, 7, {name: x}]
                onFailure: panic
                classes:
                  - {persistence: []}
                  - {path: /a, pathRegex: '(', onFailure: strict}
                  - nonsense
                sessionTable: {maxEntries: 5, redis: {uri: 'http://x'}, size: 1}
                routerCookieHostPrefix: true
                routerCookiePartitioned: true
                routerCookieDomain: 'bad domain'
                tls: {keyStoreFile: missing.p12, keyStorePasswordEnv: NOPE}
                """));
        String all = String.join("\n", e.problems());
        for (String expected : List.of("method [learn-cookie] needs a name", "method [header] needs a name",
                "persistence[2].ipv4Prefix: must be a whole number from 1 to 32", "persistence[2].colour: unknown key",
                "persistence[3].name: learn-cookie needs exactly one of name", "entries must be a method name",
                "persistence[6].method: is required", "onFailure: must be rebalance, sorry, close or strict",
                "classes[0].path: set exactly one of path", "classes[1].path: set exactly one of path",
                "classes[1].pathRegex: is not a valid regular expression", "classes[1].persistence: is required",
                "classes[2]: must be a mapping", "sessionTable.maxEntries: must be a whole number",
                "sessionTable.redis.uri: must be redis://", "sessionTable.size: unknown key",
                "routerCookieHostPrefix: requires routerCookie.secure", "routerCookiePartitioned: requires",
                "routerCookieDomain: must be a domain name", "tls.keyStorePasswordEnv: environment variable [NOPE]")) {
            assertTrue(all.contains(expected), "missing [" + expected + "] in:\n" + all);
        }
    }

    @Test
    void tlsSessionNeedsTls() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("persistence: [tls-session]\n"));
        assertTrue(e.getMessage().contains("method [tls-session] needs the router to terminate TLS"), e.getMessage());
    }
}
