package dev.limpet.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.StoreProviders;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.core.token.TokenVerdict;
import dev.limpet.store.testkit.CookieClient;
import dev.limpet.testsupport.RedisServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LimpetSessionDataStore} and {@link BackendCookieHandler} in two embedded Jetty 12.1 (ee10) nodes sharing a
 * real redis-server: the signed X-Backend cookie; a takeover re-issues the id with the local worker name and a change
 * made after it is seen back on the first node (no stale copy); conditional writes never let a stale copy overwrite
 * a newer one; a logout ends the session on both nodes; the store down degrades (the node serves from Jetty's
 * cache, never a 500) and the parked change reaches the store when it is back; a tampered blob and a class the
 * filter refuses give a fresh session, never a deserialization.
 */
class JettySessionStoreIT {

    private static final String SECRET = "jetty-session-store-it-secret-0123456789";

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private Path secret;
    private JettyNode node1;
    private JettyNode node2;

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServerProcess();
        redis.start();
        secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        node1 = JettyNode.start("node1", secret, redis.uri(), f -> { });
        node2 = JettyNode.start("node2", secret, redis.uri(), f -> { });
    }

    @AfterEach
    void stop() throws Exception {
        node1.close();
        node2.close();
        redis.close();
    }

    private static String body(HttpResponse<String> response) {
        return response.body().trim();
    }

    private static String sessionId(CookieClient user) {
        return user.cookie("JSESSIONID").orElseThrow();
    }

    @Test
    void theBackendCookieNamesTheNodeAndIsSignedWithTheSecret() throws Exception {
        CookieClient user = new CookieClient();
        HttpResponse<String> first = user.get(node1.url("/cart?add=A"));
        String token = user.cookie("X-Backend").orElseThrow(() -> new AssertionError(first.headers().map()));
        AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse(SECRET, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        AffinityTokenCodec.Verification verification = codec.verify(token, System.currentTimeMillis() / 1000);
        assertEquals(TokenVerdict.VALID, verification.verdict());
        assertEquals("node1", verification.token().orElseThrow().route());
        assertTrue(sessionId(user).endsWith(".node1"), sessionId(user));
        assertTrue(first.headers().allValues("set-cookie").stream().anyMatch(c -> c.startsWith("X-Backend=")
                && c.contains("HttpOnly") && c.contains("SameSite=Lax")), first.headers().map().toString());
        HttpResponse<String> second = user.get(node1.url("/cart"));
        assertFalse(second.headers().allValues("set-cookie").stream().anyMatch(c -> c.startsWith("X-Backend=")),
                "a fresh valid token is not re-signed");
        assertTrue(new CookieClient().get(node1.url("/cart?logout")).headers().allValues("set-cookie").isEmpty(),
                "no session, no cookie");
    }

    @Test
    void aTakeoverReissuesTheIdAndAChangeIsSeenBackOnTheFirstNode() throws Exception {
        CookieClient user = new CookieClient();
        assertEquals("[A]", body(user.get(node1.url("/cart?add=A"))));
        String base = sessionId(user).substring(0, sessionId(user).indexOf('.'));

        HttpResponse<String> onNode2 = user.get(node2.url("/cart?add=B")); // cookie names node1: takeover
        assertEquals("[A, B]", body(onNode2), "the list changed in place on node1 was written");
        assertEquals(base + ".node2", sessionId(user), "Jetty re-issued the id with node2's worker name");
        assertEquals("node2", verifiedRoute(user), "the X-Backend cookie re-pins the user to node2");

        assertEquals("[A, B, C]", body(user.get(node1.url("/cart?add=C"))),
                "node1 dropped its stale [A] and loaded node2's change");
        assertEquals(base + ".node1", sessionId(user));
        assertEquals("[A, B, C, D]", body(user.get(node2.url("/cart?add=D"))));
        assertTrue(node1.store().counters().staleCopiesDropped() >= 1);
    }

    @Test
    void aStaleCopyNeverOverwritesANewerOne() throws Exception {
        CookieClient user = new CookieClient();
        user.get(node1.url("/cart?add=A"));
        String onNode1 = sessionId(user);
        user.get(node2.url("/cart?add=B")); // node2 claimed and wrote it: node1's version is old
        // node1 is sent its own old id (as a client that kept the old cookie): it serves its copy, but its write is
        // conditional on the version it last wrote, so it conflicts and drops the copy instead of overwriting [A, B].
        CookieClient stale = new CookieClient().withCookie("JSESSIONID", onNode1);
        stale.get(node1.url("/cart?add=X"));
        assertTrue(node1.store().counters().conflicts() >= 1, "node1's write conflicted");
        assertEquals("[A, B, C]", body(user.get(node2.url("/cart?add=C"))), "the stored session lost nothing");
        assertEquals("[A, B, C, D]", body(new CookieClient().withCookie("JSESSIONID", onNode1)
                .get(node1.url("/cart?add=D"))), "node1 now loads the live copy");
    }

    @Test
    void aLogoutEndsTheSessionOnEveryNode() throws Exception {
        CookieClient user = new CookieClient();
        user.get(node1.url("/cart?add=A"));
        user.get(node2.url("/cart?add=B")); // both nodes hold a copy now
        String last = sessionId(user);
        user.get(node2.url("/cart?logout"));
        CookieClient replay = new CookieClient().withCookie("JSESSIONID", last);
        assertEquals("[]", body(replay.get(node1.url("/cart"))), "node1 dropped its copy: the session ended");
        assertNotEquals(last.substring(0, last.indexOf('.')), replay.cookie("JSESSIONID").orElseThrow().split("\\.")[0]);
        assertEquals("[]", body(new CookieClient().withCookie("JSESSIONID", last).get(node2.url("/cart"))));
    }

    @Test
    void theStoreDownDegradesAndTheParkedChangeIsWrittenWhenItIsBack() throws Exception {
        CookieClient user = new CookieClient();
        user.get(node1.url("/cart?add=A"));
        redis.stop();
        for (String item : new String[] {"B", "C", "D"}) {
            HttpResponse<String> response = user.get(node1.url("/cart?add=" + item)); // never a 5xx (CookieClient)
            assertEquals(200, response.statusCode());
        }
        assertEquals("[A, B, C, D]", body(user.get(node1.url("/cart"))), "served from Jetty's cache");
        assertEquals("[]", body(new CookieClient().get(node2.url("/cart"))), "a new session is served too");
        redis.start();
        node1.store().runtime().queue().awaitEmpty(10_000);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertEquals(
                "[A, B, C, D]", body(new CookieClient().withCookie("JSESSIONID", sessionId(user)).get(node2.url("/cart"))),
                "the change parked while the store was down reached it"));
        assertTrue(node1.store().counters().storeErrors() >= 1);
    }

    @Test
    void aTamperedBlobIsNeverReadAndGivesAFreshSession() throws Exception {
        CookieClient user = new CookieClient();
        user.get(node1.url("/cart?add=A"));
        String id = sessionId(user);
        String storeId = id.substring(0, id.indexOf('.'));
        String key = node1.store().runtime().store().key(storeId);
        try (StoreBackend raw = StoreProviders.open(StoreOptions.of(redis.uri()), getClass().getClassLoader())) {
            byte[] blob = raw.get(key).orElseThrow().blob();
            blob[blob.length / 2] ^= 1; // one bit of the sealed attributes
            raw.put(key, blob, StoreBackend.ANY_VERSION, 60_000);
            HttpResponse<String> onNode2 = user.get(node2.url("/cart"));
            assertEquals("[]", body(onNode2), "the tampered entry was not deserialized");
            assertNotEquals(storeId, sessionId(user).split("\\.")[0], "a fresh session, under a new id");
            assertNotEquals(Optional.of(blob.length), raw.get(key).map(b -> b.blob().length),
                    "the tampered entry was deleted");
        }
        assertTrue(node2.store().counters().unreadable() >= 1);
    }

    @Test
    void aClassTheFilterRefusesIsNeverDeserialized() throws Exception {
        node2.close();
        node2 = JettyNode.start("node2", secret, redis.uri(),
                f -> f.setSessionAttributeValueClassNameFilter("java\\.util\\..*"));
        CookieClient user = new CookieClient();
        user.get(node1.url("/cart?add=A&note=secret"));
        assertEquals("[]", body(user.get(node2.url("/cart"))), "node2 refused JettyNode$Note: a fresh session");
        assertTrue(node2.store().counters().unreadable() >= 1);
    }

    @Test
    void everyBadSettingIsReportedAtStartInOneMessage() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> JettyNode.start("node3",
                secret, "", f -> {
                    f.setOperationTimeoutMillis(0);
                    f.setSecretFile(dir.resolve("no-such-secret").toString());
                }).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        String text = messages.toString();
        assertTrue(text.contains("storeUri is not set") && text.contains("operationTimeoutMillis [0]")
                && text.contains("no-such-secret"), text);
    }

    private static String verifiedRoute(CookieClient user) {
        AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse(SECRET, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        return codec.verify(user.cookie("X-Backend").orElseThrow(), System.currentTimeMillis() / 1000).token()
                .orElseThrow().route();
    }
}
