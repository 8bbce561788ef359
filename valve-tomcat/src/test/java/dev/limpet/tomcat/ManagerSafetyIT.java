package dev.limpet.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.sessions.StoreLock;
import dev.limpet.testsupport.RedisServerProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smaller defects of the session manager, against a real redis-server (one that requires a password):
 * JMX shows {@code storeUri} without the password and does not let it be written; a request whose URI is
 * ignored never makes the valve's session look-up read the store; the store copy is kept alive when only the
 * BackendCookieValve reads the session; the non-sticky store lock releases only its own lock and renews it.
 */
class ManagerSafetyIT {

    private static final String SECRET = "manager-safety-it-secret-0123456789";
    private static final String PASSWORD = "s3cr3t-redis-pw";

    @TempDir
    Path dir;

    @Test
    void jmxNeverShowsNorWritesTheStorePasswordAndIgnoredUrisNeverReachTheStore() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        try (RedisServerProcess redis = new RedisServerProcess().withPassword(PASSWORD)) {
            redis.start();
            String uri = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/0";
            try (ManagerNode node1 = ManagerNode.start(dir, "node1", secret, uri, m -> { });
                 ManagerNode node2 = ManagerNode.start(dir, "node2", secret, uri, m -> { })) {
                MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                Set<ObjectName> names = jmx.queryNames(new ObjectName("*:type=Manager,context=/app,host=localhost"), null);
                assertFalse(names.isEmpty());
                for (ObjectName name : names) {
                    String shown = (String) jmx.getAttribute(name, "storeUri");
                    assertFalse(shown.contains(PASSWORD), shown);
                    assertTrue(shown.contains("127.0.0.1"), shown);
                    assertThrows(JMException.class, () -> jmx.setAttribute(name, new Attribute("storeUri", "memory:")));
                    assertEquals(0L, jmx.getAttribute(name, "backupFailures"));
                }
                assertEquals(uri, node1.manager().getStoreUri(), "the setting itself is unchanged");

                String id = Client.sessionId(new Client().get(node1.url("/cart?add=A")));
                long loads = node2.manager().getStoreLoads();
                new Client().withCookie("JSESSIONID", id).get(node2.url("/logo.png"));
                assertEquals(loads, node2.manager().getStoreLoads(), "an ignored URI's look-ups stay local");
            }
        }
    }

    /** The BackendCookieValve looks the session up on every request; such a request still refreshes the store. */
    @Test
    void aSessionOnlyTheContainerReadsIsStillKeptAliveInTheStore() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        try (RedisServerProcess redis = new RedisServerProcess()) {
            redis.start();
            try (ManagerNode node = ManagerNode.start(dir, "node1", secret, redis.uri(), m -> { })) {
                Client user = new Client();
                user.get(node.url("/cart?add=A&maxInactiveSeconds=10")); // touch interval: 1 s
                long touches = node.manager().getStoreTouches();
                await("refreshed although only the valve read it").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            user.get(node.url("/none")); // the application never calls getSession()
                            node.awaitBackups();
                            return node.manager().getStoreTouches() != touches;
                        });
            }
        }
    }

    @Test
    void theStoreLockReleasesOnlyItsOwnLockAndRenewsIt() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess();
             SessionStore store = openAfter(redis)) {
            StoreLock lock = new StoreLock(store, 1, "node1");
            StoreLock other = new StoreLock(store, 1, "node2");
            try {
                StoreLock.Held held = lock.acquire("S1", 0).orElseThrow();
                Thread.sleep(2500); // longer than the lock's 1 s time to live: renewal keeps it
                assertTrue(other.acquire("S1", 0).isEmpty(), "still held after its time to live");
                lock.release(held);
                StoreLock.Held second = other.acquire("S1", 1000).orElseThrow();

                lock.release(held); // a stale handle: must not remove node2's lock
                assertTrue(lock.acquire("S1", 0).isEmpty(), "node2's lock survived the stale release");
                other.release(second);
                assertTrue(lock.acquire("S1", 0).isPresent());
            } finally {
                lock.close();
                other.close();
            }
        }
    }

    private static SessionStore openAfter(RedisServerProcess redis) throws Exception {
        redis.start();
        return SessionStore.open(StoreOptions.of(redis.uri()), "safety",
                MasterSecrets.parse(SECRET, "test").keyRing(KeyPurpose.SESSION_BLOB), SessionSerializer.builder().build());
    }
}
