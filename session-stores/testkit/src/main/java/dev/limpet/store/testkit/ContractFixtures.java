package dev.limpet.store.testkit;

import static org.awaitility.Awaitility.await;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the contract tests work with: stores over backends from the test's
 * {@link AbstractSessionStoreContractTest#openBackend()} in a namespace unique to the test, a raw
 * {@link StoreBackend} to plant entries, and session helpers. Everything opened is closed by {@link #close()}.
 * Not thread-safe except {@link #race}.
 */
public final class ContractFixtures implements AutoCloseable {

    /** Opens a backend on the store under test. */
    @FunctionalInterface
    interface BackendOpener {
        StoreBackend open() throws StoreException;
    }

    /** A Tomcat-style route-less session id. */
    public static final String ID = "4F2A9C0E1B7D4A3F8E2C6B1A0D9F7E5C";
    /** Metadata used by the helpers: 30 minutes idle timeout, route {@code node1}. */
    public static final SessionMetadata META = new SessionMetadata(1_700_000_000_000L, 1_700_000_100_000L, 1800, "node1");
    /** The master secret of the test key ring (tests only). */
    public static final String TEST_SECRET = "contract-test-secret-0123456789";

    private final BackendOpener backends;
    private final String namespace = "ct-" + UUID.randomUUID().toString().substring(0, 8);
    private final KeyRing keyRing = MasterSecrets.parse(TEST_SECRET, "contract test").keyRing(KeyPurpose.SESSION_BLOB);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private StoreBackend raw;

    ContractFixtures(BackendOpener backends) {
        this.backends = backends;
    }

    /** @return a store in this test's namespace with the default serializer */
    public SessionStore store() throws StoreException {
        return store(namespace, SessionSerializer.builder().build());
    }

    /**
     * @param application a short application name, appended to this test's namespace
     * @return a store for that application
     */
    public SessionStore store(String application) throws StoreException {
        return store(namespace + "-" + application, SessionSerializer.builder().build());
    }

    /**
     * @param serializer the serializer (class loader, allow-list)
     * @return a store in this test's namespace
     */
    public SessionStore store(SessionSerializer serializer) throws StoreException {
        return store(namespace, serializer);
    }

    /**
     * @param storeNamespace the full namespace
     * @param serializer     the serializer
     * @return a store over a new backend
     */
    public SessionStore store(String storeNamespace, SessionSerializer serializer) throws StoreException {
        StoreBackend backend = backends.open();
        try {
            SessionStore store = SessionStore.of(backend, storeNamespace, keyRing, serializer);
            opened.add(store); // the store closes its backend
            return store;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** @return a backend on the same store, for planting and inspecting raw entries */
    public StoreBackend raw() throws StoreException {
        if (raw == null) {
            raw = backends.open();
            opened.add(raw);
        }
        return raw;
    }

    /**
     * Writes bytes under a key, bypassing the envelope, with a one-minute time to live.
     *
     * @param key   a full store key
     * @param bytes the bytes
     */
    public void rawPut(String key, byte[] bytes) throws StoreException {
        raw().put(key, bytes, StoreBackend.ANY_VERSION, 60_000);
    }

    /** Saves attributes unconditionally with {@link #META}. @return the new version */
    public long save(SessionStore store, String sessionId, Map<String, ?> attributes) throws StoreException, IOException {
        return save(store, sessionId, attributes, META.maxInactiveSeconds());
    }

    /** Saves attributes unconditionally with a given idle timeout. @return the new version */
    public long save(SessionStore store, String sessionId, Map<String, ?> attributes, int maxInactiveSeconds)
            throws StoreException, IOException {
        SessionMetadata metadata = new SessionMetadata(META.creationTimeMillis(), META.lastAccessedTimeMillis(),
                maxInactiveSeconds, META.lastRoute());
        return store.save(sessionId, metadata, store.serializer().serialize(attributes), SessionStore.ANY_VERSION);
    }

    /** @return {@code length} pseudo-random bytes (fixed seed) */
    public byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** A save attempt of {@link #race}. */
    @FunctionalInterface
    public interface Attempt {
        /** @param index which thread, 0-based */
        void run(int index) throws Exception;
    }

    /**
     * Starts {@code threads} attempts at once.
     *
     * @return how many finished without {@link VersionConflictException}
     * @throws Exception the first failure that is not a version conflict
     */
    public int race(int threads, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        attempt.run(index);
                        return true;
                    } catch (VersionConflictException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Retries an operation every 100 ms for up to 15 seconds while it throws a {@link StoreException} (a
     * restarted server, a reconnecting pool).
     *
     * @return its first successful result
     * @throws org.awaitility.core.ConditionTimeoutException if it never succeeds (the last failure is its cause)
     */
    public <T> T eventually(Callable<T> operation) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        await("the store answers again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(StoreException.class).until(() -> {
                    result.set(operation.call());
                    return true;
                });
        return result.get();
    }

    /** Closes every store and backend opened. */
    @Override
    public void close() {
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a store whose server was killed may fail; nothing to do
            }
        }
        opened.clear();
        raw = null;
    }
}
