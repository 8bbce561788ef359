package dev.limpet.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.UnreadableSessionException.Reason;
import dev.limpet.core.store.memory.MemoryStoreBackend;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.store.spi.StoredBlob;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link SessionStore} template over the in-memory backend (real servers: the contract suite). */
class SessionStoreTest {

    private static final String ID = "4F2A9C0E1B7D4A3F8E2C6B1A0D9F7E5C";
    private static final SessionMetadata META = new SessionMetadata(1_000L, 2_000L, 1800, "node1");

    private final MemoryStoreBackend backend = new MemoryStoreBackend();
    private final SessionSerializer serializer = SessionSerializer.builder().allow("dev.limpet.core.store.Cart").build();
    private final SessionStore store = SessionStore.of(backend, "shop", TestKeys.ring(TestKeys.SECRET_A), serializer);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void saveThenLoadReturnsMetadataAttributesVersionAndHash() throws Exception {
        Cart cart = new Cart();
        cart.items.add("book");
        byte[] bytes = serializer.serialize(Map.of("cart", cart, "user", "ada"));
        long version = store.save(ID, META, bytes, SessionStore.NEW_ONLY);
        StoredSession loaded = store.load(ID).orElseThrow();
        assertEquals(ID, loaded.sessionId());
        assertEquals(META, loaded.metadata());
        assertEquals(Map.of("cart", cart, "user", "ada"), loaded.attributes());
        assertEquals(version, loaded.version());
        assertEquals(AttributesHash.of(bytes), loaded.attributesHash());
        assertEquals(1, store.stats().saves());
        assertEquals(1, store.stats().loads());
    }

    @Test
    void versionForAHolderPassesTheVersionItHoldsToTheBackend() throws Exception {
        MemoryStoreBackend memory = new MemoryStoreBackend();
        long[] passed = {Long.MIN_VALUE};
        StoreBackend answersPerHolder = new StoreBackend() {
            @Override
            public Optional<StoredBlob> get(String key) {
                return memory.get(key);
            }

            @Override
            public Optional<dev.limpet.core.store.spi.StoredVersion> version(String key) {
                return memory.version(key);
            }

            @Override
            public Optional<dev.limpet.core.store.spi.StoredVersion> version(String key, long knownVersion) {
                passed[0] = knownVersion;
                return Optional.of(new dev.limpet.core.store.spi.StoredVersion(knownVersion, false));
            }

            @Override
            public long put(String key, byte[] blob, long expectedVersion, long ttlMillis) throws VersionConflictException {
                return memory.put(key, blob, expectedVersion, ttlMillis);
            }

            @Override
            public boolean touch(String key, long ttlMillis) {
                return memory.touch(key, ttlMillis);
            }

            @Override
            public void remove(String key) {
                memory.remove(key);
            }

            @Override
            public void close() {
                memory.close();
            }
        };
        try (SessionStore perHolder = SessionStore.of(answersPerHolder, "shop", TestKeys.ring(TestKeys.SECRET_A),
                serializer)) {
            long version = perHolder.save(ID, META, serializer.serialize(Map.of("user", "ada")), SessionStore.NEW_ONLY);
            assertEquals(version + 7, perHolder.version(ID, version + 7).orElseThrow().version());
            assertEquals(version + 7, passed[0]);
            passed[0] = Long.MIN_VALUE;
            assertEquals(version, perHolder.version(ID).orElseThrow().version(), "no version held: the plain read");
            assertEquals(Long.MIN_VALUE, passed[0]);
        }
        long stored = backend.put("k", new byte[] {1}, StoreBackend.NEW_ONLY, 60_000);
        assertEquals(backend.version("k"), backend.version("k", stored + 1), "the default is the plain read");
    }

    @Test
    void invalidRequestedIdsNeverReachAKey() throws Exception {
        for (String bad : new String[] {null, "", "../../etc/passwd", "a b", "id\r\nDEL x", "x".repeat(129), "ïd", "a:b", "a.b"}) {
            assertEquals(Optional.empty(), store.load(bad));
            assertFalse(store.touch(bad, 60));
            store.delete(bad);
            assertThrows(IllegalArgumentException.class, () -> store.save(bad, META, new byte[0], SessionStore.ANY_VERSION));
        }
        assertEquals(0, backend.size());
        assertEquals(27, store.stats().invalidIds());
        assertEquals("limpet:shop:" + "x".repeat(128), store.key("x".repeat(128)));
    }

    @Test
    void aTamperedEntryIsUnreadableAndDeleted() throws Exception {
        store.save(ID, META, serializer.serialize(Map.of("a", 1)), SessionStore.NEW_ONLY);
        byte[] blob = backend.get(store.key(ID)).orElseThrow().blob();
        blob[blob.length / 2] ^= 1;
        backend.put(store.key(ID), blob, StoreBackend.ANY_VERSION, 60_000);
        assertEquals(Reason.BAD_MAC, assertThrows(UnreadableSessionException.class, () -> store.load(ID)).reason());
        assertEquals(Optional.empty(), backend.get(store.key(ID)));
        assertEquals(Optional.empty(), store.load(ID));
        assertEquals(1, store.stats().unreadable());
    }

    @Test
    void anEntryUnderANewerKeyIsLeftForTheNodesThatHaveItDuringARollingRotation() throws Exception {
        try (SessionStore rotated = SessionStore.of(backend, "shop", TestKeys.ring(TestKeys.SECRET_B, TestKeys.SECRET_A),
                serializer)) {
            rotated.save(ID, META, serializer.serialize(Map.of("a", 1)), SessionStore.NEW_ONLY);
            assertEquals(Reason.UNKNOWN_KEY, assertThrows(UnreadableSessionException.class, () -> store.load(ID)).reason());
            assertEquals(1, rotated.load(ID).orElseThrow().attributes().get("a"), "not deleted by the node without the key");
            assertEquals(1, store.stats().unreadable());
        }
    }

    @Test
    void onlyTamperedOrPoisonedEntriesAreDeleted() {
        for (Reason reason : Reason.values()) {
            assertEquals(reason != Reason.UNKNOWN_KEY && reason != Reason.DESERIALIZATION_FAILED,
                    SealedEntries.deletesUnreadable(reason), reason.name());
        }
    }

    @Test
    void aBlobCopiedToAnotherSessionIdDoesNotVerify() throws Exception {
        store.save(ID, META, serializer.serialize(Map.of("role", "admin")), SessionStore.NEW_ONLY);
        StoredBlob stolen = backend.get(store.key(ID)).orElseThrow();
        backend.put(store.key("attacker"), stolen.blob(), StoreBackend.ANY_VERSION, 60_000);
        assertEquals(Reason.BAD_MAC, assertThrows(UnreadableSessionException.class, () -> store.load("attacker")).reason());
    }

    @Test
    void staleSavesConflict() throws Exception {
        byte[] bytes = serializer.serialize(Map.of("n", 1));
        long first = store.save(ID, META, bytes, SessionStore.NEW_ONLY);
        long second = store.save(ID, META, bytes, first);
        assertTrue(second > first);
        assertThrows(VersionConflictException.class, () -> store.save(ID, META, bytes, first));
        assertThrows(VersionConflictException.class, () -> store.save(ID, META, bytes, SessionStore.NEW_ONLY));
        assertTrue(store.save(ID, META, bytes, SessionStore.ANY_VERSION) > second);
        assertEquals(2, store.stats().conflicts());
        assertThrows(IllegalArgumentException.class, () -> store.save(ID, META, bytes, -2));
    }

    @Test
    void touchAndDelete() throws Exception {
        assertFalse(store.touch(ID, 60));
        store.save(ID, META, serializer.serialize(Map.of()), SessionStore.NEW_ONLY);
        assertTrue(store.touch(ID, 60));
        store.delete(ID);
        assertEquals(Optional.empty(), store.load(ID));
        store.delete(ID);
        assertEquals(1, store.stats().touchMisses());
    }

    @Test
    void ttlFollowsMaxInactiveSeconds() {
        assertEquals(1_000L, SessionStore.ttlMillis(1));
        assertEquals(1_800_000L, SessionStore.ttlMillis(1800));
        assertEquals(SessionStore.MAX_TTL_SECONDS * 1000L, SessionStore.ttlMillis(0));
        assertEquals(SessionStore.MAX_TTL_SECONDS * 1000L, SessionStore.ttlMillis(-1));
        assertEquals(SessionStore.MAX_TTL_SECONDS * 1000L, SessionStore.ttlMillis(Integer.MAX_VALUE));
    }

    @Test
    void providersAreFoundByScheme() throws Exception {
        try (SessionStore memory = SessionStore.open(StoreOptions.of("memory:"), "app", TestKeys.ring(TestKeys.SECRET_A),
                serializer)) {
            memory.save(ID, META, serializer.serialize(Map.of("x", "y")), SessionStore.NEW_ONLY);
            assertEquals("y", memory.load(ID).orElseThrow().attributes().get("x"));
        }
        StoreException e = assertThrows(StoreException.class, () -> SessionStore.open(
                StoreOptions.of("nosuch://user:hunter2@host"), "app", TestKeys.ring(TestKeys.SECRET_A), serializer));
        assertTrue(e.getMessage().contains("redis://") && e.getMessage().contains("memory:"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void namespacesAreValidated() {
        for (String bad : new String[] {"", "a:b", "a b", "x".repeat(65)}) {
            assertThrows(IllegalArgumentException.class,
                    () -> SessionStore.of(new MemoryStoreBackend(), bad, TestKeys.ring(TestKeys.SECRET_A), serializer));
        }
    }

    @Test
    void backendRuntimeFailuresBecomeStoreUnavailable() {
        SessionStore broken = SessionStore.of(new FailingBackend(), "shop", TestKeys.ring(TestKeys.SECRET_A), serializer);
        assertThrows(StoreUnavailableException.class, () -> broken.load(ID));
        assertThrows(StoreUnavailableException.class, () -> broken.save(ID, META, new byte[0], SessionStore.ANY_VERSION));
        assertThrows(StoreUnavailableException.class, () -> broken.touch(ID, 60));
        assertThrows(StoreUnavailableException.class, () -> broken.delete(ID));
        assertEquals(4, broken.stats().errors());
    }

    /** A backend whose client library fails with unchecked exceptions, as a buggy provider would. */
    private static final class FailingBackend implements StoreBackend {
        @Override
        public Optional<StoredBlob> get(String key) {
            throw new IllegalStateException("client broke");
        }

        @Override
        public Optional<dev.limpet.core.store.spi.StoredVersion> version(String key) {
            throw new IllegalStateException("client broke");
        }

        @Override
        public long put(String key, byte[] blob, long expectedVersion, long ttlMillis) {
            throw new IllegalStateException("client broke");
        }

        @Override
        public boolean touch(String key, long ttlMillis) {
            throw new IllegalStateException("client broke");
        }

        @Override
        public void remove(String key) {
            throw new IllegalStateException("client broke");
        }

        @Override
        public void close() {
        }
    }
}
