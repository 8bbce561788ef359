package dev.limpet.router.cli;

import dev.limpet.router.LimpetRouter;
import dev.limpet.router.RouterStartException;
import dev.limpet.router.config.ConfigException;
import dev.limpet.router.config.RouterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The executable jar's entry point: {@code java -jar limpet-router.jar --config FILE}. Exit status 0 after a
 * clean shutdown, 1 for an invalid configuration (every problem printed, no stack trace), 2 for bad
 * command-line usage, 3 when the router cannot start (e.g. port taken). Also {@code --check} validates the
 * configuration and exits. Not thread-safe; one use per process.
 */
@Command(name = "limpet-router", mixinStandardHelpOptions = true, versionProvider = RouterMain.Version.class,
        description = "Sticky-session layer-7 router for Tomcat/Jetty farms (Limpet).")
public final class RouterMain implements Callable<Integer> {

    /** Exit status for an invalid configuration. */
    public static final int EXIT_CONFIG = 1;
    /** Exit status when the router cannot start. */
    public static final int EXIT_START = 3;

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
        if (checkOnly) {
            out.println("configuration [" + config + "] is valid: " + parsed);
            dev.limpet.router.config.ConfigNotes.notes(parsed).forEach(note -> out.println("note: " + note));
            return 0;
        }
        LimpetRouter router;
        try {
            router = LimpetRouter.start(parsed);
        } catch (RouterStartException e) {
            err.println("limpet-router: " + e.getMessage());
            return EXIT_START;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(router::stop, "limpet-router-shutdown"));
        router.join();
        return 0;
    }

    /** Reads the version filtered into {@code limpet-router-version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = RouterMain.class.getResourceAsStream("/limpet-router-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"limpet-router " + p.getProperty("version", "unknown")};
        }
    }
}
