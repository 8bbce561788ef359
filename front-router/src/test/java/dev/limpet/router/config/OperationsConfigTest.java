package dev.limpet.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.router.node.AdminState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations keys: defaults, every value read, and every bad value reported in one message. */
class OperationsConfigTest {

    private static final String BASE = """
            listen: 127.0.0.1:0
            backends:
              - route: node1
                url: http://127.0.0.1:9001
            persistence: [jsessionid]
            """;

    @TempDir
    Path dir;

    @Test
    void defaultsChangeNothing() throws Exception {
        RouterConfig config = RouterConfig.fromYaml(BASE, Map.of(), dir);
        OperationsConfig ops = config.operations();
        assertEquals("round-robin", ops.balance().algorithm());
        assertTrue(ops.retryOnConnectFailure() && ops.retryOnIdempotent());
        assertFalse(ops.admin().enabled() || ops.accessLog().enabled() || ops.routeHeader());
        assertEquals(1800, ops.drainIdleSeconds());
        BackendConfig node1 = config.backends().get(0);
        assertEquals(1, node1.weight());
        assertEquals(AdminState.ACTIVE, node1.state());
        assertFalse(node1.backup());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        RouterConfig config = RouterConfig.fromYaml(BASE.replace("url: http://127.0.0.1:9001",
                "url: http://127.0.0.1:9001\n    weight: 0\n    state: draining\n    backup: true") + """
                balance: {algorithm: consistent-hash, hashKey: "cookie:tenant", boundedLoadFactor: 1.25}
                retryOn: [idempotent]
                routeHeader: true
                accessLog: {file: access.log, format: json}
                drain: {cookieIdleSeconds: 60, maxTrackedCookies: 10}
                admin: {listen: "[::1]:9191", tokenEnv: TOKEN, authenticateReads: true}
                """, Map.of("TOKEN", "  0123456789abcdef0123  \n"), dir);
        OperationsConfig ops = config.operations();
        assertEquals(new BalanceConfig("consistent-hash", ops.balance().hashKey(), 1.25), ops.balance());
        assertEquals("cookie:tenant", ops.balance().hashKey().toString());
        assertFalse(ops.retryOnConnectFailure());
        assertTrue(ops.retryOnIdempotent() && ops.routeHeader());
        assertEquals(new AccessLogConfig(true, dir.resolve("access.log"), true), ops.accessLog());
        assertEquals(60, ops.drainIdleSeconds());
        assertEquals(10, ops.drainMaxTrackedSessions());
        AdminConfig admin = ops.admin();
        assertEquals("::1", admin.host());
        assertEquals(9191, admin.port());
        assertTrue(admin.loopback() && admin.authenticateReads());
        assertEquals("0123456789abcdef0123", admin.token());
        assertFalse(admin.toString().contains("0123456789abcdef0123"));
        assertEquals(new BackendConfig(config.backends().get(0).route(), config.backends().get(0).url(), 0,
                AdminState.DRAINING, true), config.backends().get(0));
    }

    @Test
    void everyBadValueIsListedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> RouterConfig.fromYaml(BASE.replace(
                "url: http://127.0.0.1:9001", "url: http://127.0.0.1:9001\n    state: sleeping\n    backup: maybe")
                + """
                balance: {algorithm: random, hashKey: "query:x", boundedLoadFactor: 0.5, seed: 1}
                retryOn: [timeout]
                accessLog: {file: a.log, stdout: true, format: xml}
                drain: {cookieIdleSeconds: 0}
                admin: {listen: "10.1.2.3:9090", tokenEnv: MISSING}
                """, Map.of(), dir));
        List<String> expected = List.of("backends[0].state: must be active, draining or disabled",
                "backends[0].backup: must be true or false", "balance.algorithm: must be one of",
                "balance.hashKey: must be source-ip, path, header:NAME or cookie:NAME",
                "balance.boundedLoadFactor: must be 0 (no bound) or a number from 1.0 to 100.0",
                "balance.seed: unknown key", "retryOn: must list connect-failure and/or idempotent",
                "accessLog.file: set exactly one of", "accessLog.format: must be text or json",
                "drain.cookieIdleSeconds: must be a whole number from 1",
                "admin.listen: [10.1.2.3] is not a loopback address",
                "admin.tokenEnv: environment variable [MISSING] is not set");
        for (String fragment : expected) {
            assertTrue(e.getMessage().contains(fragment), "missing [" + fragment + "] in:\n" + e.getMessage());
        }
        assertEquals(expected.size(), e.problems().size(), e.getMessage());
    }

    @Test
    void adminWithoutATokenIsReadOnlyAndLocalhostCountsAsLoopback() throws Exception {
        AdminConfig admin = RouterConfig.fromYaml(BASE + "admin: {listen: \"localhost:0\"}\n", Map.of(), dir)
                .operations().admin();
        assertTrue(admin.enabled() && admin.loopback());
        assertNull(admin.token());
        assertFalse(admin.authenticateReads());
    }
}
