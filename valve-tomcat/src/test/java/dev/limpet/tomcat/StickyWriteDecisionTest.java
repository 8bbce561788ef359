package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.sessions.BackupMode;
import dev.limpet.sessions.BackupQueue;
import dev.limpet.sessions.CircuitBreaker;
import dev.limpet.sessions.SessionBackups;
import dev.limpet.sessions.SessionCounters;
import dev.limpet.sessions.StickyWrites;
import dev.limpet.sessions.WriteDecision;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sticky write avoidance end to end on a memory store: a request that read only immutable values skips the
 * hash, and every change (in place, nested in an immutable-looking list, or through setAttribute) is written.
 */
class StickyWriteDecisionTest {

    private static final String ID = "0123456789ABCDEF0123456789ABCDEF.node1";

    private SessionStore store;
    private BackupQueue queue;
    private final SessionCounters counters = new SessionCounters();
    private SessionBackups backups;
    private StickyWrites sticky;
    private LimpetSession session;

    @BeforeEach
    void setUp() throws Exception {
        store = SessionStore.open(StoreOptions.of("memory:"), "localhost/app",
                MasterSecrets.parse("0123456789abcdef0123456789abcdef", "test").keyRing(KeyPurpose.SESSION_BLOB),
                SessionSerializer.builder().allowRegex("dev\\.limpet\\.tomcat\\..*").build());
        queue = new BackupQueue("test", 100, 1, 100, new CircuitBreaker(5, 1000, System::nanoTime));
        backups = new SessionBackups(store, queue, counters, "node1", RouteCodec.tomcatDefault(),
                System.getLogger(StickyWriteDecisionTest.class.getName()));
        sticky = new StickyWrites(store, backups, queue, new CircuitBreaker(5, 1000, System::nanoTime), counters,
                BackupMode.ASYNC);
        LimpetSessionManager manager = new LimpetSessionManager();
        manager.setContext(new StandardContext());
        session = (LimpetSession) manager.createEmptySession();
        session.setValid(true);
        session.setId(ID, false);
        session.setMaxInactiveInterval(1800);
        request(s -> {
            s.setAttribute("user", "ada", false);
            s.setAttribute("visits", 1, false);
            s.setAttribute("cart", new TestCart(), false);
            s.setAttribute("carts", List.of(new TestCart()), false);
        });
        assertEquals(1, counters.decisions(WriteDecision.WRITE), "a new session is written");
    }

    @AfterEach
    void tearDown() throws Exception {
        queue.close();
        store.close();
    }

    @Test
    void readingOnlyImmutableValuesOrMissingOnesSkipsTheHash() throws Exception {
        request(s -> {
            s.getAttribute("user");
            s.getAttribute("visits");
            s.getAttribute("missing");
            s.getAttributeNames();
        });
        assertEquals(1, counters.decisions(WriteDecision.SKIP_ATTRIBUTES_NOT_ACCESSED));
        assertEquals(0, counters.decisions(WriteDecision.SKIP_UNCHANGED));
        request(s -> s.getAttribute("cart"));
        assertEquals(1, counters.decisions(WriteDecision.SKIP_UNCHANGED), "a mutable value read: hashed, unchanged");
        assertEquals(1, counters.decisions(WriteDecision.WRITE));
    }

    @Test
    void aMutableValueChangedInPlaceIsWritten() throws Exception {
        request(s -> {
            s.getAttribute("user");
            ((TestCart) s.getAttribute("cart")).add("pear");
        });
        assertEquals(2, counters.decisions(WriteDecision.WRITE));
        assertEquals(List.of("pear"), storedCart("cart").items());
    }

    @Test
    void aMutableValueNestedInAnImmutableListIsWritten() throws Exception {
        request(s -> {
            @SuppressWarnings("unchecked")
            List<TestCart> carts = (List<TestCart>) s.getAttribute("carts");
            carts.get(0).add("apple");
        });
        assertEquals(2, counters.decisions(WriteDecision.WRITE));
        @SuppressWarnings("unchecked")
        List<TestCart> stored = (List<TestCart>) stored().get("carts");
        assertEquals(List.of("apple"), stored.get(0).items());
    }

    @Test
    void anImmutableValueReplacedOrRemovedIsWrittenAndTheSameValueSetAgainIsNot() throws Exception {
        request(s -> s.setAttribute("user", "bob", false));
        assertEquals(2, counters.decisions(WriteDecision.WRITE));
        assertEquals("bob", stored().get("user"));
        request(s -> s.setAttribute("user", "bob", false));
        assertEquals(1, counters.decisions(WriteDecision.SKIP_UNCHANGED), "set to the value it had: hashed, equal");
        request(s -> s.removeAttribute("visits", false));
        assertEquals(3, counters.decisions(WriteDecision.WRITE));
        assertFalse(stored().containsKey("visits"));
    }

    @Test
    void readingAnImmutableValueDoesNotMarkTheSessionButReadingAMutableOneDoes() {
        session.getAttribute("user");
        assertFalse(session.backup().attributesAccessed());
        session.getAttribute("carts");
        assertTrue(session.backup().attributesAccessed(), "a List is never taken as immutable");
    }

    private void request(Consumer<LimpetSession> application) throws InterruptedException {
        session.beginRequest();
        application.accept(session);
        sticky.afterRequest(session);
        session.endRequest();
        assertTrue(queue.awaitEmpty(10_000), "backup queue drained");
    }

    private Map<String, Object> stored() throws Exception {
        return store.load(backups.storeId(ID)).orElseThrow().attributes();
    }

    private TestCart storedCart(String name) throws Exception {
        return (TestCart) stored().get(name);
    }
}
