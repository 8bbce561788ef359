package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.token.AffinityTokenCodec;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sticky mode in two embedded Tomcat nodes sharing an embedded H2 store (same JVM, same named in-memory
 * database): write avoidance per stage, takeover with id and X-Backend re-issue, racing takeovers, poisoned
 * entries, listeners and JMX.
 */
class LimpetSessionManagerIT {

    private static final String SECRET = "limpet-session-manager-it-secret-01";

    @TempDir
    Path dir;
    private String storeUri;
    private Path secret;
    private ManagerNode node1;
    private ManagerNode node2;

    @BeforeEach
    void startNodes() throws Exception {
        storeUri = "jdbc:h2:mem:it" + UUID.randomUUID().toString().replace("-", "") + "?createSchema=true";
        secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        node1 = ManagerNode.start(dir, "node1", secret, storeUri, false, m -> { });
        node2 = ManagerNode.start(dir, "node2", secret, storeUri, m -> { });
    }

    @AfterEach
    void stopNodes() throws Exception {
        node1.close();
        node2.close();
    }

    /** node1 runs without the BackendCookieValve (which looks the session up on every request). */
    @Test
    void writesOnlyWhatChangedAndCountsEachSkippedStage() throws Exception {
        LimpetSessionManager manager = node1.manager();
        Client user = new Client();
        user.get(node1.url("/cart?add=apple"));
        node1.awaitBackups();
        assertEquals(1, manager.getStoreSaves(), "a new session is written");

        user.get(node1.url("/cart"));
        assertEquals(1, manager.getWritesSkippedUnchanged(), () -> "read, unchanged: hash equal " + counters(manager));
        user.get(node1.url("/touch"));
        assertEquals(1, manager.getWritesSkippedAttributesNotAccessed(), () -> counters(manager));
        user.get(node1.url("/none"));
        assertEquals(1, manager.getWritesSkippedNotAccessed());
        user.get(node1.url("/logo.png"));
        assertEquals(1, manager.getWritesSkippedIgnoredUri());
        node1.awaitBackups();
        assertEquals(1, manager.getStoreSaves(), "nothing changed, nothing written");

        user.get(node1.url("/cart?add=pear"));
        node1.awaitBackups();
        assertEquals(2, manager.getStoreSaves(), "an in-place change of the cart is written");
        assertEquals(0, manager.getStoreLoads(), "a sticky node never reads its own sessions");
        assertTrue(manager.getBytesWritten() > 0);
    }

    /** @return the id of a session with an apple in the cart, made on node1 and backed up */
    private String cartOnNode1(Client user) throws Exception {
        String id = Client.sessionId(user.get(node1.url("/cart?add=apple")));
        node1.awaitBackups();
        return id;
    }

    private static String counters(LimpetSessionManager m) {
        return "writes=" + m.getWritesRequested() + " unchanged=" + m.getWritesSkippedUnchanged() + " attrs="
                + m.getWritesSkippedAttributesNotAccessed() + " notAccessed=" + m.getWritesSkippedNotAccessed()
                + " saves=" + m.getStoreSaves() + " errors=" + m.getStoreErrors();
    }

    @Test
    void anotherNodeTakesTheSessionOverAndReissuesIdAndBackendCookie() throws Exception {
        Client user = new Client();
        String oldId = Client.sessionId(user.get(node1.url("/cart?add=apple")));
        user.get(node1.url("/cart?add=pear"));
        node1.awaitBackups();
        assertTrue(oldId.endsWith(".node1"), oldId);
        int activationsBefore = ManagerNode.ACTIVATIONS.get();

        HttpResponse<String> moved = user.get(node2.url("/cart"));
        String base = oldId.substring(0, oldId.length() - ".node1".length());
        assertEquals(base + ".node2", Client.sessionId(moved), "same session, this node's route");
        assertEquals("[apple, pear]", Client.items(moved), "the in-place changes survived");
        assertEquals(base + ".node2", SetCookie.named(moved, "JSESSIONID").orElseThrow().value(), "cookie re-issued");
        String token = SetCookie.named(moved, "X-Backend").orElseThrow(() -> new AssertionError("no new X-Backend")).value();
        AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
                MasterSecrets.parse(SECRET, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
        assertEquals("node2", codec.read(token, System.currentTimeMillis() / 1000).orElseThrow().route());
        assertEquals(1, node2.manager().getTakeovers());
        assertEquals(0, node2.created.get(), "a takeover is not a new session");
        assertEquals(activationsBefore + 1, ManagerNode.ACTIVATIONS.get(), "sessionDidActivate fired");

        user.get(node2.url("/cart?add=plum"));
        assertEquals("[apple, pear, plum]", Client.items(user.get(node2.url("/cart"))));
        assertEquals(1, node2.manager().getStoreLoads(), "one store read for the takeover, none after");
    }

    @Test
    void concurrentRequestsRacingTheTakeoverEndOnTheSameNewId() throws Exception {
        Client user = new Client();
        String oldId = cartOnNode1(user);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> requests = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                requests.add(() -> Client.sessionId(new Client().withCookie("JSESSIONID", oldId).get(node2.url("/cart"))));
            }
            Set<String> ids = new HashSet<>();
            for (Future<String> id : pool.invokeAll(requests)) {
                ids.add(id.get());
            }
            assertEquals(Set.of(oldId.replace(".node1", ".node2")), ids);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, node2.manager().getTakeovers());
        assertEquals(1, node2.manager().getStoreLoads(), "one read for eight racing requests");
    }

    @Test
    void aForgedStoreEntryIsNeverDeserializedAndTheUserGetsAFreshSession() throws Exception {
        Client user = new Client();
        String oldId = cartOnNode1(user);
        String base = oldId.substring(0, oldId.indexOf('.'));
        try (SessionStore forger = SessionStore.open(StoreOptions.of(storeUri), "localhost/app",
                MasterSecrets.parse("an-attacker-does-not-know-the-secret", "forger").keyRing(KeyPurpose.SESSION_BLOB),
                SessionSerializer.builder().build())) {
            byte[] payload = forger.serializer().serialize(Map.of("cart", "not a cart"));
            forger.save(base, new SessionMetadata(1, 1, 1800, "node1"), payload, SessionStore.ANY_VERSION);
        }
        HttpResponse<String> response = user.get(node2.url("/cart"));
        assertEquals(200, response.statusCode());
        assertNotEquals(base, Client.sessionId(response).substring(0, base.length()), "a fresh session");
        assertEquals("[]", Client.items(response));
        assertEquals(1, node2.manager().getUnreadableSessions());
        assertEquals(1, node2.created.get());
    }

    @Test
    void invalidateFiresListenersAndDeletesTheStoreCopy() throws Exception {
        Client user = new Client();
        String id = cartOnNode1(user);
        assertEquals(1, node1.created.get());
        user.get(node1.url("/invalidate"));
        assertEquals(1, node1.destroyed.get());
        node1.awaitBackups();
        HttpResponse<String> elsewhere = new Client().withCookie("JSESSIONID", id).get(node2.url("/cart"));
        assertEquals("[]", Client.items(elsewhere), "the store copy is gone");
        assertEquals(0, node2.manager().getTakeovers());
    }

    @Test
    void expiryAcrossNodesFollowsTheStoreAndAnOldCopyNeverDeletesTheLiveSession() throws Exception {
        Client user = new Client();
        String oldId = cartOnNode1(user);
        node1.manager().findSession(oldId).setMaxInactiveInterval(2);
        user.get(node1.url("/cart?add=pear"));
        node1.awaitBackups();
        String newId = Client.sessionId(user.get(node2.url("/cart")));
        assertEquals(oldId.replace(".node1", ".node2"), newId);
        for (int i = 0; i < 6; i++) {
            Thread.sleep(500); // the scenario: the user comes back to node2 every half second
            assertEquals("[apple, pear]", Client.items(user.get(node2.url("/cart"))), "kept alive on node2");
            node2.awaitBackups();
        }
        node1.manager().processExpires();
        assertEquals(1, node1.destroyed.get(), "node1's idle copy expired there, listeners fired");
        assertEquals("[apple, pear]", Client.items(new Client().withCookie("JSESSIONID", oldId).get(node1.url("/cart"))),
                "node1's expiry did not delete the session node2 keeps alive: node1 takes it back from the store");

        Thread.sleep(4500); // the scenario: idle past the 2 s maxInactiveInterval on both nodes
        node1.manager().processExpires();
        node2.manager().processExpires();
        HttpResponse<String> late = new Client().withCookie("JSESSIONID", newId).get(node1.url("/cart"));
        assertEquals("[]", Client.items(late), "idle beyond maxInactiveInterval everywhere: expired in the store too");
    }

    @Test
    void countersAreJmxAttributesOfTheManager() throws Exception {
        Client user = new Client();
        String id = cartOnNode1(user);
        new Client().withCookie("JSESSIONID", id).get(node2.url("/cart"));
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = jmx.queryNames(new ObjectName("*:type=Manager,context=/app,host=localhost"), null);
        assertFalse(names.isEmpty(), "manager MBeans: " + jmx.queryNames(new ObjectName("*:type=Manager,*"), null));
        long takeovers = 0;
        for (ObjectName name : names) {
            takeovers += (Long) jmx.getAttribute(name, "takeovers");
        }
        assertEquals(1, takeovers);
    }
}
