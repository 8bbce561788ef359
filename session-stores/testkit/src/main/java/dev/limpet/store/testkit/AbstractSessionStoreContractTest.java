package dev.limpet.store.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.AttributesHash;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoreProviders;
import dev.limpet.core.store.StoredSession;
import dev.limpet.core.store.UnreadableSessionException.Reason;
import dev.limpet.core.store.UnreadableSessionException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.store.spi.StoredVersion;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Optional;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract every session store meets (Jetty's {@code AbstractSessionDataStoreTest} is the model):
 * versions, tombstones, the envelope's MAC and class filter, expiry, conflicts, namespaces. A store with a server
 * extends {@link AbstractServerStoreContractTest}, which adds what a killed server must do; the in-process
 * {@code memory:} store extends this class directly ({@code MemoryStoreContractTest}).
 *
 * <p>Each test works in its own namespace, so tests do not see each other's sessions. The fixtures (stores,
 * raw backend, sessions) are in {@link ContractFixtures}; every store and raw backend of a test is opened with
 * {@link #openBackend()}.
 */
public abstract class AbstractSessionStoreContractTest {

    private final ContractFixtures fixtures = new ContractFixtures(this::openBackend);

    /** @return options reaching the store; their operation timeout bounds every operation */
    protected abstract StoreOptions options();

    /**
     * Opens a backend on the store under test. Two backends opened in one test must see the same entries (a raw
     * one plants what a store then reads, two stores of one namespace share sessions): true of every store with a
     * server. The default finds the provider by the URI of {@link #options()} with {@link java.util.ServiceLoader}.
     *
     * @return a new backend; the fixtures close it after the test
     * @throws StoreException if the store cannot be opened
     */
    protected StoreBackend openBackend() throws StoreException {
        return StoreProviders.open(options(), getClass().getClassLoader());
    }

    /** @return the fixtures of this test: stores, raw backend, sessions */
    protected final ContractFixtures fixtures() {
        return fixtures;
    }

    @AfterEach
    void closeFixtures() {
        fixtures.close();
    }

    @Test
    void roundTripKeepsMetadataAttributesVersionAndHash() throws Exception {
        SessionStore store = fixtures.store();
        Map<String, Object> attributes = Map.of("user", "ada", "count", 42, "blob", fixtures.bytes(50 * 1024));
        byte[] serialized = store.serializer().serialize(attributes);
        long version = store.save(ContractFixtures.ID, ContractFixtures.META, serialized, SessionStore.NEW_ONLY);
        StoredSession loaded = store.load(ContractFixtures.ID).orElseThrow();
        assertEquals(ContractFixtures.META, loaded.metadata());
        assertEquals("ada", loaded.attributes().get("user"));
        assertEquals(42, loaded.attributes().get("count"));
        assertArrayEquals((byte[]) attributes.get("blob"), (byte[]) loaded.attributes().get("blob"));
        assertEquals(version, loaded.version());
        assertTrue(version >= 1);
        assertEquals(AttributesHash.of(serialized), loaded.attributesHash());
        assertEquals(1, store.stats().saves());
        assertEquals(1, store.stats().loads());
    }

    @Test
    void absentIsEmptyAndInvalidRequestedIdsAreAbsent() throws Exception {
        SessionStore store = fixtures.store();
        assertEquals(Optional.empty(), store.load("NeverSaved0123456789"));
        assertFalse(store.touch("NeverSaved0123456789", 60));
        store.delete("NeverSaved0123456789");
        for (String bad : new String[] {"", "../x", "a b", "x\r\nFLUSHALL", "k'; DROP TABLE s;--", "x".repeat(129)}) {
            assertEquals(Optional.empty(), store.load(bad));
            assertThrows(IllegalArgumentException.class,
                    () -> store.save(bad, ContractFixtures.META, new byte[0], SessionStore.ANY_VERSION));
        }
        assertEquals(6, store.stats().invalidIds(), "each refused load is counted");
    }

    @Test
    void theVersionAloneIsReadAndATombstoneEndsTheSessionForEveryWriter() throws Exception {
        SessionStore store = fixtures.store();
        assertEquals(Optional.empty(), store.version(ContractFixtures.ID));
        long first = fixtures.save(store, ContractFixtures.ID, Map.of("cart", "A"));
        assertEquals(Optional.of(new StoredVersion(first, false)), store.version(ContractFixtures.ID));
        long second = store.save(ContractFixtures.ID, ContractFixtures.META,
                store.serializer().serialize(Map.of("cart", "A,B")), first);
        assertEquals(second, store.version(ContractFixtures.ID).orElseThrow().version(), "a put moves the version");
        assertThrows(VersionConflictException.class, () -> store.save(ContractFixtures.ID, ContractFixtures.META,
                store.serializer().serialize(Map.of("cart", "A,C")), first), "a stale copy cannot overwrite");

        store.tombstone(ContractFixtures.ID, SessionStore.ANY_VERSION, 60);
        StoredVersion tombstone = store.version(ContractFixtures.ID).orElseThrow();
        assertTrue(tombstone.tombstone());
        assertNotEquals(second, tombstone.version());
        assertEquals(Optional.empty(), store.load(ContractFixtures.ID), "a tombstone loads as no session");
        assertEquals(0, store.stats().unreadable(), "and is not an unreadable entry");
        byte[] any = store.serializer().serialize(Map.of("cart", "revived"));
        assertThrows(VersionConflictException.class,
                () -> store.save(ContractFixtures.ID, ContractFixtures.META, any, second), "no write-back");
        assertThrows(VersionConflictException.class,
                () -> store.save(ContractFixtures.ID, ContractFixtures.META, any, SessionStore.NEW_ONLY));
        assertThrows(VersionConflictException.class, () -> store.tombstone(ContractFixtures.ID, second, 60),
                "a conditional tombstone of a stale copy conflicts too");
        assertEquals(Optional.empty(), store.load(ContractFixtures.ID));
    }

    @Test
    void anUnreadableEntryIsNotAbsentAndIsDeleted() throws Exception {
        SessionStore store = fixtures.store();
        fixtures.rawPut(store.key(ContractFixtures.ID), "not a Limpet envelope".getBytes());
        UnreadableSessionException e = assertThrows(UnreadableSessionException.class, () -> store.load(ContractFixtures.ID));
        assertEquals(Reason.BAD_FORMAT, e.reason());
        assertEquals(Optional.empty(), fixtures.raw().get(store.key(ContractFixtures.ID)));
        assertEquals(Optional.empty(), store.load(ContractFixtures.ID));
        assertEquals(1, store.stats().unreadable());
    }

    @Test
    void aTamperedBlobIsNeverDeserialized() throws Exception {
        SessionStore store = fixtures.store(SessionSerializer.builder().allow(Detonator.class.getName()).build());
        fixtures.save(store, ContractFixtures.ID, Map.of("boom", new Detonator("x".repeat(500))));
        byte[] blob = fixtures.raw().get(store.key(ContractFixtures.ID)).orElseThrow().blob();
        blob[blob.length - 100] ^= 0x20;
        fixtures.rawPut(store.key(ContractFixtures.ID), blob);
        int reads = Detonator.reads();
        assertEquals(Reason.BAD_MAC, assertThrows(UnreadableSessionException.class,
                () -> store.load(ContractFixtures.ID)).reason());
        assertEquals(reads, Detonator.reads(), "a tampered blob must not reach readObject");
        assertEquals(Optional.empty(), fixtures.raw().get(store.key(ContractFixtures.ID)));
    }

    @Test
    void aBlobCopiedToAnotherSessionOrApplicationDoesNotVerify() throws Exception {
        SessionStore shop = fixtures.store("shop");
        SessionStore admin = fixtures.store("admin");
        fixtures.save(shop, ContractFixtures.ID, Map.of("role", "customer"));
        byte[] blob = fixtures.raw().get(shop.key(ContractFixtures.ID)).orElseThrow().blob();
        fixtures.rawPut(shop.key("Victim0123456789"), blob);
        fixtures.rawPut(admin.key(ContractFixtures.ID), blob);
        assertEquals(Reason.BAD_MAC, assertThrows(UnreadableSessionException.class, () -> shop.load("Victim0123456789")).reason());
        assertEquals(Reason.BAD_MAC, assertThrows(UnreadableSessionException.class, () -> admin.load(ContractFixtures.ID)).reason());
        assertEquals("customer", shop.load(ContractFixtures.ID).orElseThrow().attributes().get("role"));
    }

    @Test
    void aClassOutsideTheAllowListIsNeverDeserialized() throws Exception {
        SessionStore writer = fixtures.store(SessionSerializer.builder().allow(Detonator.class.getName()).build());
        SessionStore reader = fixtures.store(writer.namespace(), SessionSerializer.builder().build());
        fixtures.save(writer, ContractFixtures.ID, Map.of("boom", new Detonator("payload")));
        int reads = Detonator.reads();
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> reader.load(ContractFixtures.ID)).reason());
        assertEquals(reads, Detonator.reads(), "a refused class must not reach readObject");
        assertEquals(Optional.empty(), reader.load(ContractFixtures.ID), "the refused entry was deleted");
    }

    @Test
    void aKnownGadgetTypeIsRefusedEvenByACarelessAllowList() throws Exception {
        RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());
        SessionStore store = fixtures.store(SessionSerializer.builder().classLoader(loader).allow("**")
                .allowRegex(".*").build());
        fixtures.save(store, ContractFixtures.ID, Map.of("gadget", new BadAttributeValueExpException("trigger")));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> store.load(ContractFixtures.ID)).reason());
        assertFalse(loader.requested().contains(BadAttributeValueExpException.class.getName()),
                "the gadget class was not even loaded: " + loader.requested());
    }

    @Test
    void aClassVisibleOnlyThroughAChildLoaderDeserializesWithThatLoader() throws Exception {
        try (URLClassLoader webapp = ProbeClasses.childLoaderWithProbe(getClass().getClassLoader())) {
            SessionStore store = fixtures.store(SessionSerializer.builder().classLoader(webapp).allow("limpet.probe.**").build());
            fixtures.save(store, ContractFixtures.ID, Map.of("basket", ProbeClasses.newBasket(webapp, "tea")));
            Object basket = store.load(ContractFixtures.ID).orElseThrow().attributes().get("basket");
            assertSame(webapp, basket.getClass().getClassLoader());
            assertEquals("Basket[tea]", basket.toString());

            SessionStore containerOnly = fixtures.store(store.namespace(),
                    SessionSerializer.builder().allow("limpet.probe.**").build());
            assertEquals(Reason.DESERIALIZATION_FAILED, assertThrows(UnreadableSessionException.class,
                    () -> containerOnly.load(ContractFixtures.ID)).reason());
            assertEquals("Basket[tea]", store.load(ContractFixtures.ID).orElseThrow().attributes().get("basket").toString(),
                    "a node without the class leaves the entry for one that has it (rolling deploy)");
        }
    }

    @Test
    void sessionsExpireAndTouchExtendsThemWithoutRewriting() throws Exception {
        SessionStore store = fixtures.store();
        fixtures.save(store, "Touched01234567890", Map.of("b", 2), 3);
        fixtures.save(store, "Expiring0123456789", Map.of("a", 1), 2);
        long saved = System.nanoTime();
        long version = store.load("Touched01234567890").orElseThrow().version();
        Thread.sleep(1_000); // the scenario: both sessions idle for a second
        assertTrue(store.touch("Touched01234567890", 8), "touched within its 3 s");
        // The scenario: idle past the 2 s timeout. Memcached counts expiry in whole seconds: 2 s may end up to
        // 1 s later; margins for a loaded machine.
        Thread.sleep(Math.max(0, 3_500 - (System.nanoTime() - saved) / 1_000_000));
        assertEquals(Optional.empty(), store.load("Expiring0123456789"), "expired after maxInactiveSeconds");
        assertFalse(store.touch("Expiring0123456789", 8), "an expired session cannot be touched back");
        StoredSession touched = store.load("Touched01234567890").orElseThrow();
        assertEquals(version, touched.version(), "touch does not rewrite");
        assertEquals(2, touched.attributes().get("b"));
    }

    @Test
    void aStaleSaveIsReportedNotLost() throws Exception {
        SessionStore store = fixtures.store();
        byte[] first = store.serializer().serialize(Map.of("n", 1));
        long v1 = store.save(ContractFixtures.ID, ContractFixtures.META, first, SessionStore.NEW_ONLY);
        long v2 = store.save(ContractFixtures.ID, ContractFixtures.META, store.serializer().serialize(Map.of("n", 2)), v1);
        assertNotEquals(v1, v2);
        VersionConflictException e = assertThrows(VersionConflictException.class,
                () -> store.save(ContractFixtures.ID, ContractFixtures.META, store.serializer().serialize(Map.of("n", 3)), v1));
        assertEquals(v1, e.expectedVersion());
        assertThrows(VersionConflictException.class,
                () -> store.save(ContractFixtures.ID, ContractFixtures.META, first, SessionStore.NEW_ONLY));
        assertEquals(2, store.load(ContractFixtures.ID).orElseThrow().attributes().get("n"), "the stale save wrote nothing");
        long v3 = store.save(ContractFixtures.ID, ContractFixtures.META, first, SessionStore.ANY_VERSION);
        assertEquals(v3, store.load(ContractFixtures.ID).orElseThrow().version());
        assertEquals(2, store.stats().conflicts());
    }

    @Test
    void ofConcurrentSavesFromOneVersionExactlyOneWins() throws Exception {
        SessionStore store = fixtures.store();
        long base = fixtures.save(store, ContractFixtures.ID, Map.of("n", 0));
        int winners = fixtures.race(8, i -> store.save(ContractFixtures.ID, ContractFixtures.META,
                store.serializer().serialize(Map.of("n", i + 1)), base));
        assertEquals(1, winners);
        assertEquals(7, store.stats().conflicts());
    }

    @Test
    void keysOfTwoApplicationsNeverCollide() throws Exception {
        SessionStore shop = fixtures.store("shop");
        SessionStore admin = fixtures.store("admin");
        fixtures.save(shop, ContractFixtures.ID, Map.of("app", "shop"));
        fixtures.save(admin, ContractFixtures.ID, Map.of("app", "admin"));
        assertEquals("shop", shop.load(ContractFixtures.ID).orElseThrow().attributes().get("app"));
        assertEquals("admin", admin.load(ContractFixtures.ID).orElseThrow().attributes().get("app"));
        shop.delete(ContractFixtures.ID);
        assertEquals(Optional.empty(), shop.load(ContractFixtures.ID));
        assertEquals("admin", admin.load(ContractFixtures.ID).orElseThrow().attributes().get("app"));
        assertNotEquals(shop.key(ContractFixtures.ID), admin.key(ContractFixtures.ID));
    }
}
