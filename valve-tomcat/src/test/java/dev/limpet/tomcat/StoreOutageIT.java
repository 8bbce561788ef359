package dev.limpet.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoredSession;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.testsupport.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sticky mode with a real redis-server that dies and comes back (empty) while users keep shopping. */
class StoreOutageIT {

    static final String SECRET = "store-outage-it-secret-0123456789";

    @TempDir
    Path dir;

    @Test
    void stickySessionsKeepServingWhileTheStoreIsDownAndAreWrittenWhenItReturns() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        try (RedisServerProcess redis = new RedisServerProcess()) {
            redis.start();
            try (ManagerNode node = ManagerNode.start(dir, "node1", secret, redis.uri(), m -> m.setOperationTimeoutMillis(300))) {
                Client user = new Client();
                String id = Client.sessionId(user.get(node.url("/cart?add=apple")));
                node.awaitBackups();

                redis.stop();
                assertEquals("[apple, pear]", Client.items(user.get(node.url("/cart?add=pear"))));
                assertEquals("[apple, pear, plum]", Client.items(user.get(node.url("/cart?add=plum"))));
                Client other = new Client();
                assertEquals("[fig]", Client.items(other.get(node.url("/cart?add=fig"))), "new sessions work too");
                waitUntil(() -> !node.manager().getStoreAvailable(), "the breaker opens");
                assertTrue(node.manager().getStoreErrors() > 0);

                redis.start();
                node.awaitBackups();
                assertTrue(node.manager().getStoreAvailable());
                assertEquals("[apple, pear, plum]", storedItems(redis.uri(), id).orElseThrow(
                        () -> new AssertionError("the session changed during the outage was not written")));
            }
        }
    }

    @Test
    void nonStickyAnswers503WhenTheStoreIsDownAndFailOnStoreErrorIsSetElseDegrades() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        try (RedisServerProcess redis = new RedisServerProcess()) {
            redis.start();
            try (ManagerNode strict = ManagerNode.start(dir, "strict", secret, redis.uri(), false, m -> {
                    m.setSticky(false);
                    m.setFailOnStoreError(true);
                    m.setOperationTimeoutMillis(300);
                });
                 ManagerNode lenient = ManagerNode.start(dir, "lenient", secret, redis.uri(), false, m -> {
                    m.setSticky(false);
                    m.setOperationTimeoutMillis(300);
                })) {
                String id = Client.sessionId(new Client().get(strict.url("/cart?add=apple")));
                assertEquals("[apple]", Client.items(new Client().withCookie("JSESSIONID", id).get(lenient.url("/cart"))));
                redis.stop();
                HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(strict.url("/cart?add=pear"))).header("Cookie", "JSESSIONID=" + id).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
                assertEquals(200, new Client().withCookie("JSESSIONID", id).get(lenient.url("/cart")).statusCode(),
                        "failOnStoreError=false degrades instead");
                assertTrue(strict.manager().getStoreErrors() > 0 && lenient.manager().getStoreErrors() > 0);
            }
        }
    }

    static Optional<String> storedItems(String uri, String sessionId) throws Exception {
        try (SessionStore store = SessionStore.open(StoreOptions.of(uri), "localhost/app",
                MasterSecrets.parse(SECRET, "test").keyRing(KeyPurpose.SESSION_BLOB),
                SessionSerializer.builder().allowRegex("dev\\.limpet\\.tomcat\\..*").build())) {
            Optional<StoredSession> stored = store.load(sessionId.substring(0, sessionId.indexOf('.')));
            return stored.map(s -> ((TestCart) s.attributes().get("cart")).items().toString());
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
