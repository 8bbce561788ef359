package dev.limpet.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reliability/run SCENARIO [--users N] [--duration S] …}: starts the scenario's own rig, runs it, prints the
 * table row and the {@code RESULT} JSON line. Exit status 0 when nothing acknowledged was lost or duplicated, 1
 * otherwise, 2 on a bad command line (docs/reliability.md).
 */
@Command(name = "reliability/run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs one fault, load or soak scenario against real processes on loopback (docs/reliability.md).")
public final class ReliabilityCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO",
            description = "kill-nodes, store-outage, router-restart, network, rolling-restart or soak")
    String scenario;

    @Option(names = "--users", description = "concurrent users (default: ${DEFAULT-VALUE})")
    int users = 200;

    @Option(names = "--duration", description = "seconds of load (default: 120; soak 3600)")
    Integer duration;

    @Option(names = "--think-millis", description = "mean pause between two steps of a user (default: ${DEFAULT-VALUE})")
    int thinkMillis = 200;

    @Option(names = "--store", description = "store-outage: redis, memcached or postgresql (default: ${DEFAULT-VALUE})")
    String store = "redis";

    @Option(names = "--non-sticky", description = "store-outage: nodes with sticky=\"false\" (the store is the truth)")
    boolean nonSticky;

    @Option(names = "--outage", description = "store-outage: seconds the store stays dead (default: ${DEFAULT-VALUE})")
    int outage = 30;

    @Option(names = "--shared-table", description = "router-restart: the router's session table shared through Redis")
    boolean sharedTable;

    @Option(names = "--nodes", description = "Tomcat nodes (default: 3 for kill-nodes and rolling-restart, else 2)")
    Integer nodes;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ReliabilityCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Scenario chosen = scenario();
        long seconds = duration != null ? duration : chosen.name().equals("soak") ? 3600 : 120;
        Path dir = Files.createTempDirectory("limpet-reliability-");
        Run run;
        try (Rig rig = Rig.start(chosen.spec(), Artifacts.locate(), dir)) {
            run = Run.play(chosen, rig, users, seconds, thinkMillis);
        }
        run.print();
        System.out.println(run.clean() ? "CLEAN: nothing acknowledged was lost or duplicated"
                : "LOSS: see the LOSS lines above; the rig's files are in " + dir);
        return run.clean() ? 0 : 1;
    }

    private Scenario scenario() {
        Store.Kind kind = Store.Kind.valueOf(store.toUpperCase(Locale.ROOT));
        return switch (scenario) {
            case "kill-nodes" -> Scenario.killNodes(new Rig.Spec(Store.Kind.REDIS, true, nodes(3), false));
            case "store-outage" -> Scenario.storeOutage(new Rig.Spec(kind, !nonSticky, nodes(2), false), outage);
            case "router-restart" -> Scenario.routerRestart(new Rig.Spec(Store.Kind.REDIS, true, nodes(2), false), sharedTable);
            case "network" -> Scenario.network(new Rig.Spec(Store.Kind.REDIS, true, nodes(2), true));
            case "rolling-restart" -> Scenario.rollingRestart(new Rig.Spec(Store.Kind.REDIS, true, nodes(3), false));
            case "soak" -> Scenario.soak(new Rig.Spec(Store.Kind.REDIS, true, nodes(2), false));
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario: " + scenario);
        };
    }

    private int nodes(int fallback) {
        return nodes != null ? nodes : fallback;
    }
}
