package dev.limpet.router.cli;

import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.router.LimpetRouter;
import dev.limpet.router.RouterStartException;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.metrics.BuildInfo;
import dev.limpet.router.lifecycle.StopReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executable jar's entry point: {@code java -jar limpet-router.jar --config FILE}. Exit status 0 after a
 * clean shutdown, 4 after a
 * graceful stop that had to cut requests or tunnels, 1 for an invalid configuration (every problem printed, no stack trace), 2 for bad
 * command-line usage, 3 when the router cannot start (e.g. port taken). Also {@code --check} validates the
 * configuration and exits; it also refuses a master secret shorter than 32 bytes, which the router itself still
 * accepts with a warning. Not thread-safe; one use per process.
 */
@Command(name = "limpet-router", mixinStandardHelpOptions = true, versionProvider = RouterMain.Version.class,
        description = "Sticky-session layer-7 router for Tomcat/Jetty farms (Limpet).")
public final class RouterMain implements Callable<Integer> {

    /** Exit status for an invalid configuration. */
    public static final int EXIT_CONFIG = 1;
    /** Exit status when the router cannot start. */
    public static final int EXIT_START = 3;
    /** Shortest master secret {@code --check} accepts, in bytes (256 bits, the HMAC-SHA256 key size). */
    public static final int RECOMMENDED_SECRET_BYTES = 32;
    /** Exit status after a stop whose grace period ran out: requests or tunnels were cut. */
    public static final int EXIT_CUT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(RouterMain.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "YAML configuration file (see docs/router.md).")
    private Path config;

    @Option(names = "--check", description = "Validate the configuration, print the result and exit.")
    private boolean checkOnly;

    private final PrintWriter out;
    private final PrintWriter err;

    RouterMain(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (status >= 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command; blocks while the router runs.
     *
     * @param args command-line arguments
     * @param out  standard output
     * @param err  standard error
     * @return the exit status
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new RouterMain(out, err));
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        RouterConfig parsed;
        try {
            parsed = RouterConfig.fromFile(config);
        } catch (ConfigException e) {
            err.println("limpet-router: invalid configuration [" + config + "]:");
            e.problems().forEach(p -> err.println("  - " + p));
            return EXIT_CONFIG;
        }
        String shortSecret = shortSecretProblem(parsed);
        if (checkOnly) {
            if (shortSecret != null) {
                err.println("limpet-router: configuration [" + config + "] is refused by --check:");
                err.println("  - " + shortSecret);
                return EXIT_CONFIG;
            }
            out.println("configuration [" + config + "] is valid: " + parsed);
            dev.limpet.router.config.ConfigNotes.notes(parsed).forEach(note -> out.println("note: " + note));
            return 0;
        }
        if (shortSecret != null) {
            LOG.warn("{} (--check refuses this)", shortSecret);
        }
        parsed.warnings().forEach(warning -> LOG.warn("configuration [{}]: {}", config, warning));
        LimpetRouter router;
        try {
            router = LimpetRouter.start(parsed);
        } catch (RouterStartException e) {
            err.println("limpet-router: " + e.getMessage());
            return EXIT_START;
        }
        router.setConfigSource(() -> RouterConfig.fromFile(config));
        installSignals(router);
        router.join();
        StopReport report = router.stopReport();
        return report == null || report.clean() ? 0 : EXIT_CUT;
    }

    /**
     * @return the problem of a master secret shorter than {@link #RECOMMENDED_SECRET_BYTES}, or {@code null}; the
     *         router still starts with one (16 bytes is the format's minimum), {@code --check} refuses it
     */
    static String shortSecretProblem(RouterConfig parsed) {
        int shortest = parsed.secrets().map(MasterSecrets::shortestSecretBytes).orElse(RECOMMENDED_SECRET_BYTES);
        return shortest >= RECOMMENDED_SECRET_BYTES ? null : "secretFile: the shortest secret is " + shortest
                + " bytes; use at least " + RECOMMENDED_SECRET_BYTES + " (head -c 32 /dev/urandom | base64) and"
                + " rotate to it as docs/affinity-token.md section 1 describes";
    }

    /**
     * SIGTERM and SIGINT stop gracefully ({@code lifecycle.stopGraceMillis}); SIGHUP reloads the configuration.
     * Without signal handlers a shutdown hook stops the router, with the same grace period.
     */
    private static void installSignals(LimpetRouter router) {
        Runnable stop = () -> new Thread(router::stop, "limpet-router-stop").start();
        boolean handled = Signals.handle("TERM", stop) & Signals.handle("INT", stop);
        Runtime.getRuntime().addShutdownHook(new Thread(router::stop, "limpet-router-shutdown"));
        if (!handled) {
            LOG.warn("cannot handle SIGTERM/SIGINT: a shutdown hook stops the router instead");
        }
        if (!Signals.handle("HUP", () -> new Thread(() -> reload(router), "limpet-router-reload").start())) {
            LOG.warn("cannot handle SIGHUP: reload with the admin API's POST /reload instead");
        }
    }

    private static void reload(LimpetRouter router) {
        try {
            router.reload();
        } catch (ConfigException e) {
            LOG.warn("SIGHUP: configuration refused; the running configuration stays:\n  - {}",
                    String.join("\n  - ", e.problems()));
        } catch (RuntimeException e) {
            LOG.warn("SIGHUP: reload failed; the running configuration stays", e);
        }
    }

    /** The version filtered into {@code limpet-router-version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"limpet-router " + BuildInfo.version()};
        }
    }
}
