package dev.limpet.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What makes the end of a request serialize the session: the same rules as Tomcat's LimpetSession. */
class SharedHttpSessionTest {

    private final List<Boolean> ended = new ArrayList<>();
    private final SharedHttpSession session = new SharedHttpSession("ABC.node1", 1000, 1800, true, null,
            (s, explicit) -> ended.add(explicit));

    @Test
    void readingAnImmutableValueIsNoChangeButReadingAMutableOneMayBe() {
        session.restoreAttribute("name", "Ann");
        session.restoreAttribute("cart", new ArrayList<>(List.of("A")));
        session.backup().loaded(null, 1, 0);
        session.getAttribute("name");
        session.getAttribute("missing");
        assertFalse(session.backup().attributesAccessed());
        session.getAttribute("cart");
        assertTrue(session.backup().attributesAccessed(), "a List may be changed in place");
    }

    @Test
    void aNewTimeoutIsAMetadataChangeAndOnlySerializableValuesAreStored() {
        session.backup().loaded(null, 1, 0);
        session.setMaxInactiveInterval(60);
        assertTrue(session.backup().metadataChanged());
        session.setAttribute("lock", new Object());
        session.setAttribute("n", 3);
        assertEquals(List.of("n"), new ArrayList<>(session.attributesToStore().keySet()));
    }

    @Test
    void invalidateEndsItOnceExplicitlyAndThenRefusesUse() {
        session.invalidate();
        assertEquals(List.of(true), ended);
        assertFalse(session.live());
        assertThrows(IllegalStateException.class, () -> session.getAttribute("x"));
        session.end(false);
        assertEquals(List.of(true), ended, "ended once");
    }

    @Test
    void aCopyDroppedAsStaleIsNoLongerLiveButServesTheRequestsHoldingItAndEndsNothingInTheStore() {
        session.setAttribute("cart", new ArrayList<>(List.of("a")));
        session.dropQuietly();
        assertFalse(session.live());
        assertEquals(List.of("a"), session.getAttribute("cart"));
        session.setAttribute("n", 3);
        assertEquals(3, session.getAttribute("n"));
        session.invalidate();
        assertEquals(List.of(), ended, "a stale copy's invalidation is not a logout everywhere");
        assertThrows(IllegalStateException.class, () -> session.getAttribute("n"));
    }
}
