package dev.limpet.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The short CI variant of every scenario of docs/reliability.md: the same code as {@code reliability/run}, with 20
 * users for tens of seconds instead of 200 for minutes, on real processes (Tomcat 11 distribution nodes with the
 * drop-in jar, the router jar, real store servers). Several scenarios share one rig to keep CI short; each leaves
 * the rig whole. Fails on any session lost, update lost or duplicated, and when a user cannot see its cart after
 * the run. Failed requests are expected while things fail and are only printed.
 */
class ReliabilityIT {

    private static final int USERS = 20;
    private static final int THINK_MILLIS = 200;

    @TempDir
    Path dir;

    @Test
    void nodeKillsRouterRestartsNetworkFaultsRollingRestartAndAStoreOutageLoseNothing() throws Exception {
        Rig.Spec spec = new Rig.Spec(Store.Kind.REDIS, true, 2, true);
        List<Run> runs = new ArrayList<>();
        try (Rig rig = Rig.start(spec, Artifacts.locate(), dir)) {
            runs.add(Run.play(Scenario.killNodes(spec), rig, USERS, 16, THINK_MILLIS));
            runs.add(Run.play(Scenario.routerRestart(spec, false), rig, USERS, 10, THINK_MILLIS));
            runs.add(Run.play(Scenario.routerRestart(spec, true), rig, USERS, 10, THINK_MILLIS));
            runs.add(Run.play(Scenario.network(spec), rig, USERS, 20, THINK_MILLIS));
            runs.add(Run.play(Scenario.rollingRestart(spec), rig, USERS, 12, THINK_MILLIS));
            runs.add(Run.play(Scenario.storeOutage(spec, 4), rig, USERS, 12, THINK_MILLIS));
            runs.add(Run.play(Scenario.soak(spec), rig, USERS, 8, THINK_MILLIS));
        }
        assertClean(runs);
    }

    /**
     * Every store killed under load, sticky and non-sticky. A sticky rig has one node: with no node failing nothing
     * takes a session over, so no write may be refused as a conflict (409) — a refusal there is the store taking the
     * node's own write for another node's (a sticky Memcached's two servers die one after the other, so writes in
     * flight and then every session of the first server move to the backup copies on the second).
     * <p>
     * The variants run concurrently with the rest of this class, two rigs at a time at most (each rig has its own
     * nodes, store servers and ports; {@code junit-platform.properties} of this module caps the pool at two threads):
     * a rig spends most of a run waiting on its users' think time, so two share the machine's cores without slowing
     * each other's requests much, and CI saves about a minute.
     */
    @Execution(ExecutionMode.CONCURRENT)
    @ParameterizedTest(name = "{0}, sticky={1}, {2} node(s)")
    @CsvSource({"MEMCACHED, true, 1", "MEMCACHED, false, 2", "POSTGRESQL, true, 1", "POSTGRESQL, false, 2",
            "REDIS, false, 2"})
    void aStoreKilledUnderLoadLosesNothing(Store.Kind store, boolean sticky, int nodes) throws Exception {
        Rig.Spec spec = new Rig.Spec(store, sticky, nodes, false);
        Run run;
        try (Rig rig = Rig.start(spec, Artifacts.locate(), dir)) {
            run = Run.play(Scenario.storeOutage(spec, 4), rig, USERS, 14, THINK_MILLIS);
        }
        assertClean(List.of(run));
        if (sticky) {
            assertEquals(0L, run.tally().failures().getOrDefault("409", 0L),
                    "one sticky node, no takeover: no write may be refused as a conflict: " + run.json());
        }
    }

    private static void assertClean(List<Run> runs) {
        synchronized (ReliabilityIT.class) { // one table at a time while variants run concurrently
            System.out.println(Run.header());
            runs.forEach(run -> System.out.println(run.row()));
            runs.forEach(Run::print);
        }
        String losses = runs.stream().filter(run -> !run.clean()).map(Run::json).collect(Collectors.joining("\n"));
        assertEquals("", losses, "sessions or acknowledged updates lost or duplicated");
        for (Run run : runs) {
            assertTrue(run.tally().acknowledgedAdds() > USERS, run.scenario() + ": the users shopped: " + run.json());
        }
    }
}
