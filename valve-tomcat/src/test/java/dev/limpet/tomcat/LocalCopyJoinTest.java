package dev.limpet.tomcat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Non-sticky local copies: a request joins a copy either before it is dropped (and it stays the manager's copy
 * while the request runs) or not at all. A request counted on a dropped copy made the application's
 * {@code getSession} load a second, uncounted copy, which another request refreshed under it: its change was
 * then skipped by write avoidance (or overwritten) while it was answered 200 (NonStickyIT's lost item).
 */
class LocalCopyJoinTest {

    private static final String ID = "0123456789ABCDEF0123456789ABCDEF.node1";

    private static LimpetSession copy(LimpetSessionManager manager) {
        LimpetSession session = (LimpetSession) manager.createEmptySession();
        session.setValid(true);
        session.setId(ID, false);
        return session;
    }

    @Test
    void aRequestWaitingForTheMonitorWhileTheLastRequestSavesJoinsTheCopyThatStaysTheManagers() throws Exception {
        LimpetSessionManager manager = new LimpetSessionManager();
        LimpetSession session = copy(manager);
        assertTrue(join(manager, session), "request A");
        CompletableFuture<Boolean> joinB = new CompletableFuture<>();
        synchronized (session) { // A saves under the copy's monitor; B found the copy and waits for the monitor
            Thread b = new Thread(() -> joinB.complete(join(manager, (LimpetSession) manager.findLocal(ID))),
                    "request-B");
            b.start();
            waitUntilBlocked(b);
            manager.dropIdleCopy(session); // A's save ends
        }
        session.endRequest(); // A ends
        assertTrue(joinB.get(10, TimeUnit.SECONDS), "B joins the copy it waited for");
        assertEquals(1, session.activeRequests());
        assertSame(session, manager.findLocal(ID), "B's getSession finds the very copy B is counted on");
    }

    @Test
    void aCopyDroppedBetweenTheLookupAndTheJoinIsNotJoined() {
        LimpetSessionManager manager = new LimpetSessionManager();
        LimpetSession session = copy(manager);
        assertTrue(join(manager, session), "request A");
        LimpetSession foundByB = (LimpetSession) manager.findLocal(ID);
        manager.dropIdleCopy(session); // A ends before B announced itself
        session.endRequest();
        assertFalse(join(manager, foundByB), "B must not be counted on a dropped copy (it looks the id up again)");
        assertEquals(0, session.activeRequests());
        assertEquals(0, session.joining());
        assertNull(manager.findLocal(ID));
    }

    @Test
    void aCopyJoinedBeforeTheDropStaysTheManagersCopy() {
        LimpetSessionManager manager = new LimpetSessionManager();
        LimpetSession session = copy(manager);
        assertTrue(join(manager, session), "request A");
        assertTrue(join(manager, session), "request B");
        manager.dropIdleCopy(session); // A ends
        session.endRequest();
        assertSame(session, manager.findLocal(ID), "B's getSession finds the copy B is counted on");
        manager.dropIdleCopy(session); // B ends
        session.endRequest();
        assertNull(manager.findLocal(ID));
    }

    @Test
    void aReplacedCopyIsNotJoined() {
        LimpetSessionManager manager = new LimpetSessionManager();
        LimpetSession old = copy(manager);
        manager.remove(old, false);
        LimpetSession current = copy(manager);
        assertFalse(join(manager, old));
        assertTrue(join(manager, current));
        assertEquals(1, current.activeRequests());
    }

    /** Polls B's state (not a sleep standing in for synchronization: B is seen blocked on the monitor). */
    /** What the valve does: announce, then join under the copy's monitor. */
    private static boolean join(LimpetSessionManager manager, LimpetSession session) {
        session.announceJoin();
        synchronized (session) {
            return manager.joinLocalCopy(session);
        }
    }

    private static void waitUntilBlocked(Thread b) {
        await("B waits for the monitor A holds").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .until(b::getState, state -> state == Thread.State.BLOCKED);
    }
}
