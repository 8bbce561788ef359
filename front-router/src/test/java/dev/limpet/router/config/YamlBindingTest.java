package dev.limpet.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binding: values of the wrong shape are listed with their paths like any other problem, the {@code routerCookie}
 * section and its flat keys of earlier releases mean the same, and older names of keys still work.
 */
class YamlBindingTest {

    private static final String BASE = """
            listen: 127.0.0.1:0
            backends: [{route: node1, url: 'http://127.0.0.1:9001'}]
            persistence: [jsessionid]
            """;

    @TempDir
    Path dir;

    private RouterConfig parse(String extra) throws ConfigException {
        return RouterConfig.fromYaml(BASE + extra, Map.of(), dir);
    }

    @Test
    void valuesOfTheWrongShapeAreEachOneProblemWithTheirPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                retries: "1"
                maxThreads: 16.5
                forwardedHeaders: sometimes
                healthCheck: 5
                retryOn: connect-failure
                tunnel: [a, b]
                sessionCookieName: [a]
                balance: {boundedLoadFactor: lots}
                lifecycle: {stopGraceMillis: 99999999999999999999, colour: red}
                drain: {idleSeconds: true}
                """));
        List<String> expected = List.of(
                "retries: must be a whole number from 0 to 5 (retries), was [1]",
                "maxThreads: must be a whole number from 4 to 10000 (threads), was [16.5]",
                "forwardedHeaders: must be true or false, was [sometimes]",
                "healthCheck: must be a mapping of keys to values",
                "retryOn: must be a list",
                "tunnel: must be a mapping of keys to values",
                "sessionCookieName: must be a string",
                "balance.boundedLoadFactor: must be a number, was [lots]",
                "lifecycle.stopGraceMillis: must be a whole number from 0 to 3600000 (ms), was [99999999999999999999]",
                "lifecycle.colour: unknown key",
                "drain.idleSeconds: must be a whole number from 1 to 31536000 (s), was [true]");
        assertEquals(expected.stream().sorted().toList(), e.problems().stream().sorted().toList(), e.getMessage());
    }

    /**
     * A value that cannot be read is bound again as its key's default, so the rules across keys never meet a null
     * where a default belongs (the fuzzer's {@code routeSeparator: true} once gave a NullPointerException).
     */
    @Test
    void keysWithADefaultThatCannotBeReadAreProblemsNotExceptions() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                routeSeparator: true
                healthCheck: {path: [a], rise: two}
                routerCookie: {path: {}, sameSite: 1, name: false}
                backendCookieName: [X]
                trustedProxies: [[1], {a: 1}, 10.0.0.0/8]
                tunnel: {enabled: 1}
                """));
        List<String> expected = List.of(
                "routeSeparator: must be a string",
                "healthCheck.path: must be a string",
                "healthCheck.rise: must be a whole number from 1 to 100 (checks), was [two]",
                "routerCookie.path: must be a string",
                "routerCookie.name: must be a string",
                "routerCookie.sameSite: must be Lax, Strict or None, was [1]",
                "backendCookieName: must be a string",
                "trustedProxies[0]: must be a string",
                "trustedProxies[1]: must be a string",
                "tunnel.enabled: must be true or false, was [1]");
        assertEquals(expected.stream().sorted().toList(), e.problems().stream().sorted().toList(), e.getMessage());
    }

    @Test
    void theRouterCookieSectionAndItsFlatKeysMeanTheSame() throws Exception {
        RouterConfig section = parse("""
                routerCookie: {name: RC, maxIdleSeconds: 3600, sameSite: None, secure: true, path: /app,
                  cachePrivate: false}
                """);
        RouterConfig flat = parse("""
                routerCookieName: RC
                routerCookieMaxIdleSeconds: 3600
                routerCookieSameSite: None
                routerCookieSecure: true
                routerCookiePath: /app
                routerCookieCachePrivate: false
                """);
        assertEquals(section.routerCookie(), flat.routerCookie());
        assertEquals(new RouterCookieConfig("RC", 3600, "None", true, 0, true, false, false, null, "/app", false),
                section.routerCookie());
        assertEquals(List.of(), section.warnings());
        assertEquals(1, flat.warnings().size(), flat.warnings().toString());
        assertTrue(flat.warnings().get(0).contains("[routerCookieName, routerCookieMaxIdleSeconds,"), flat.warnings()
                .toString());
        assertTrue(ConfigNotes.notes(flat).containsAll(flat.warnings()), "--check prints the warning");
    }

    @Test
    void aFlatKeyIsNamedAsWrittenAndAKeySetTwiceIsAProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                routerCookie: {secure: true, lifetimeSeconds: 600}
                routerCookieSecure: false
                routerCookieSameSite: Sometimes
                routerCookieMaxIdleSeconds: 10
                routerCookieColour: red
                drain: {idleSeconds: 60, cookieIdleSeconds: 60, maxTrackedCookies: 0}
                """));
        assertEquals(List.of(
                "drain.idleSeconds: set either idleSeconds or its other name cookieIdleSeconds, not both",
                "drain.maxTrackedCookies: must be a whole number from 1 to 100000000 (sessions), was [0]",
                "routerCookie.lifetimeSeconds: set either lifetimeSeconds or its other name maxIdleSeconds, not both",
                "routerCookieColour: unknown key",
                "routerCookieSameSite: must be Lax, Strict or None, was [Sometimes]",
                "routerCookieSecure: set either routerCookieSecure or routerCookie.secure, not both"),
                e.problems().stream().sorted().toList(), e.getMessage());
    }

    @Test
    void olderNamesStillWork() throws Exception {
        OperationsConfig ops = parse("drain: {maxTrackedCookies: 10}\n").operations();
        assertEquals(10, ops.drainMaxTrackedSessions());
        assertEquals(1800, ops.drainIdleSeconds());
    }
}
