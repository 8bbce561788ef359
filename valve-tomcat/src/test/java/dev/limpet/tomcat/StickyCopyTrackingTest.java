package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpSessionActivationListener;
import java.io.Serializable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sticky requests and the copies they use ({@link RequestScope#trackCopies}). When a concurrent request of the
 * node drops the copy a request found as stale, Tomcat hands the application the reloaded copy: that request must
 * be counted on it while it runs (else another request's backup decision clears the change flag the request is
 * about to rely on, and its change is skipped by write avoidance while it is answered 200), and if that copy is
 * dropped in turn, the end of the request must know it (else the change, stored nowhere, is acknowledged).
 * Both were seen as lost items in OneLiveCopyIT's two nodes taking over at once.
 */
class StickyCopyTrackingTest {

    private static final String ID = "0123456789ABCDEF0123456789ABCDEF.node1";

    private final LimpetSessionManager manager = new LimpetSessionManager();

    private LimpetSession copy() {
        LimpetSession session = (LimpetSession) manager.createEmptySession();
        session.setValid(true);
        session.setId(ID, false);
        return session;
    }

    @AfterEach
    void closeScope() {
        RequestScope.endRequests();
        RequestScope.close();
    }

    @Test
    void theReloadedCopyTheApplicationGetsCountsTheRequestUntilItEnds() {
        LimpetSession found = copy();
        RequestScope.open();
        RequestScope.trackCopies();
        RequestScope.count(found);
        found.backup().conflicted(); // a concurrent request dropped it as stale before the application ran
        LimpetSession reloaded = copy();
        reloaded.beginRequest(); // the concurrent request that reloaded it

        reloaded.getSession(); // Tomcat hands the application the reloaded copy
        reloaded.getSession();

        assertEquals(2, reloaded.activeRequests(), "counted once, beside the request that reloaded it");
        assertNull(RequestScope.droppedCopyObtained(), "the application never obtained the dropped copy");
        RequestScope.endRequests();
        assertEquals(1, reloaded.activeRequests());
        assertEquals(0, found.activeRequests());
    }

    @Test
    void aCopyTheApplicationObtainedAndThatWasDroppedSinceIsReported() {
        LimpetSession reloaded = copy();
        RequestScope.open();
        RequestScope.trackCopies();
        reloaded.getSession();
        assertNull(RequestScope.droppedCopyObtained());
        reloaded.backup().conflicted(); // dropped as stale while the application changed it
        assertSame(reloaded, RequestScope.droppedCopyObtained());
    }

    @Test
    void activationAfterALoadIsNotTheApplicationObtainingTheCopy() {
        LimpetSession loaded = copy();
        loaded.restoreAttribute("probe", new Probe());
        RequestScope.open();
        RequestScope.trackCopies();
        loaded.activate();
        assertTrue(Probe.activated);
        assertEquals(0, loaded.activeRequests());
        loaded.backup().conflicted(); // the claim lost the race: dropped, the request gets the winner's copy
        assertNull(RequestScope.droppedCopyObtained(), "no refusal for a copy the application never had");
    }

    @Test
    void aCopyDroppedAsStaleServesTheRequestHoldingItAndLeavesTheReloadedCopyInTheManager() {
        LimpetSession dropped = copy();
        dropped.restoreAttribute("cart", new java.util.ArrayList<>(java.util.List.of("a")));
        jakarta.servlet.http.HttpSession held = dropped.getSession();
        dropped.backup().conflicted();
        dropped.dropQuietly(); // a concurrent request of the node found it stale
        assertFalse(dropped.live());
        assertFalse(dropped.isValid(), "Tomcat looks the id up again");
        assertEquals(0, manager.findSessions().length, "no longer the node's copy");
        LimpetSession reloaded = copy();

        assertEquals(java.util.List.of("a"), held.getAttribute("cart"), "no IllegalStateException (a 500)");
        assertTrue(held.getAttributeNames().hasMoreElements());
        held.invalidate();
        assertArrayEquals(new Object[] {reloaded}, manager.findSessions(), "the reloaded copy stays");
        assertTrue(reloaded.live());
        assertThrows(IllegalStateException.class, () -> held.getAttribute("cart"));
    }

    @Test
    void withoutTrackingNothingIsCounted() {
        LimpetSession session = copy();
        RequestScope.open(); // non-sticky requests count their copy themselves
        session.getSession();
        RequestScope.count(session);
        assertEquals(0, session.activeRequests());
        assertNull(RequestScope.droppedCopyObtained());
    }

    /** An attribute that sees the activation. */
    public static final class Probe implements HttpSessionActivationListener, Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean activated;

        @Override
        public void sessionDidActivate(jakarta.servlet.http.HttpSessionEvent event) {
            activated = true;
        }
    }
}
