package dev.limpet.store.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreUnavailableException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The store contract for a store with a server, which can be killed: everything of
 * {@link AbstractSessionStoreContractTest} plus a killed server answering {@link StoreUnavailableException} within
 * the operation timeout and the store recovering once it is back. A store module extends it in an {@code *IT}
 * class that starts its server once ({@code @BeforeAll}) with a launcher such as {@link dev.limpet.testsupport.RedisServerProcess}, and
 * implements {@link #options()}, {@link #killServer()} and {@link #restartServer()}.
 */
public abstract class AbstractServerStoreContractTest extends AbstractSessionStoreContractTest {

    /** Kills the server abruptly (SIGKILL by PID). */
    protected abstract void killServer();

    /** Starts the server again on the same port (its data may be gone). */
    protected abstract void restartServer();

    /**
     * @return how much longer than the operation timeout a failure may take to surface: scheduling slack on a
     *         loaded two-core CI machine (a JDBC pool may spend one failed statement on a dead pooled connection
     *         before its connection timeout starts). Still orders of magnitude below TCP's default timeouts, which
     *         is what this bound guards against.
     */
    protected long unavailableSlackMillis() {
        return 1000;
    }

    @Test
    void aKilledServerGivesStoreUnavailableWithinTheTimeoutAndTheStoreRecovers() throws Exception {
        SessionStore store = fixtures().store();
        fixtures().save(store, ContractFixtures.ID, Map.of("a", 1));
        killServer();
        try {
            long budgetMillis = options().operationTimeoutMillis() + unavailableSlackMillis();
            assertUnavailableWithin(budgetMillis, () -> store.load(ContractFixtures.ID));
            assertUnavailableWithin(budgetMillis, () -> fixtures().save(store, ContractFixtures.ID, Map.of("a", 2)));
            assertUnavailableWithin(budgetMillis, () -> store.touch(ContractFixtures.ID, 60));
            assertTrue(store.stats().errors() >= 3);
        } finally {
            restartServer();
        }
        long version = fixtures().eventually(() -> fixtures().save(store, "AfterRestart0123456", Map.of("back", true)));
        assertEquals(version, store.load("AfterRestart0123456").orElseThrow().version());
    }

    /**
     * Asserts that an operation fails with {@link StoreUnavailableException} within a time budget.
     *
     * @param budgetMillis the most it may take, milliseconds
     * @param operation    the store call
     */
    protected static void assertUnavailableWithin(long budgetMillis, Callable<?> operation) {
        long start = System.nanoTime();
        assertThrows(StoreUnavailableException.class, operation::call);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis <= budgetMillis, "took " + elapsedMillis + " ms, budget " + budgetMillis + " ms");
    }
}
