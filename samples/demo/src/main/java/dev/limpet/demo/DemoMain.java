package dev.limpet.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;

/**
 * {@code java -jar limpet-demo.jar [--jetty] [--port N]}: starts the {@link Demo} (with {@code --jetty}, on
 * embedded Jetty 12 nodes instead of Tomcat), prints what to try, takes a few typed
 * commands ({@link DemoConsole}) and stops everything on Ctrl-C (a shutdown hook), on {@code quit}, or on
 * SIGTERM. Without a terminal (no standard input) it simply runs until stopped.
 *
 * <p>Exit codes: 0 after {@code quit}, 1 if the demo cannot start, 2 for bad arguments.
 */
public final class DemoMain {

    /** The router's port unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8080;

    private static final String USAGE = "usage: java -jar limpet-demo.jar [--jetty] [--port N]\n"
            + "  --jetty    three Jetty 12 nodes (Limpet's Jetty session store) instead of Tomcat nodes\n"
            + "  --port N   the router's port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 = any free port)";

    static final int NO_PORT = -1;
    static final int HELP = -2;

    private DemoMain() {
    }

    /**
     * @param args {@code --jetty}, {@code --port N}, {@code --help}
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        boolean jetty = java.util.Arrays.asList(args).contains("--jetty");
        int port;
        try {
            port = parsePort(java.util.Arrays.stream(args).filter(a -> !"--jetty".equals(a)).toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println("Limpet demo: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        if (port == HELP) {
            System.out.println(USAGE);
            return;
        }
        configureLogging();
        int chosen = choosePort(port, System.out);
        if (chosen < 0) {
            System.exit(1);
        }
        Demo demo;
        try {
            demo = Demo.start(chosen, jetty);
        } catch (Demo.DemoException e) {
            System.err.println("Limpet demo: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(demo, stopped), "limpet-demo-shutdown"));
        System.out.println(DemoBanner.text(demo));
        boolean quit = new DemoConsole(demo, System.out).run(
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        if (quit) {
            System.exit(0);
        }
        stopped.await();
    }

    /**
     * @param args the command line
     * @return the {@code --port} value, {@link #NO_PORT} when none was given, {@link #HELP} for {@code --help}
     * @throws IllegalArgumentException for anything else
     */
    static int parsePort(String[] args) {
        if (args.length == 0) {
            return NO_PORT;
        }
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            return HELP;
        }
        if (args.length == 2 && "--port".equals(args[0])) {
            try {
                int port = Integer.parseInt(args[1]);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--port needs a number 0..65535, not [" + args[1] + "]");
        }
        throw new IllegalArgumentException("unknown arguments [" + String.join(" ", args) + "]");
    }

    /**
     * @param requested the {@code --port} value, or {@link #NO_PORT} when none was given
     * @return the port to use, or -1 when the requested one is taken
     */
    static int choosePort(int requested, PrintStream out) {
        int port = requested == NO_PORT ? DEFAULT_PORT : requested;
        if (port == 0 || isFree(port)) {
            return port;
        }
        if (requested == NO_PORT) {
            out.println("Port " + DEFAULT_PORT + " on 127.0.0.1 is in use; the router takes a free port instead"
                    + " (choose one with --port N).");
            return 0;
        }
        out.println("Limpet demo: port " + port + " on 127.0.0.1 is in use. Choose another with --port N"
                + " (0 = any free port).");
        return -1;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Quiet, one-line logging unless the user brought a java.util.logging configuration of their own. */
    private static void configureLogging() throws IOException {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = DemoMain.class.getResourceAsStream("/dev/limpet/demo/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        }
    }

    private static void stop(Demo demo, CountDownLatch stopped) {
        System.out.println("\nStopping the Limpet demo ...");
        try {
            demo.close();
            System.out.println("Stopped: router and nodes are down, the demo's secret is deleted.");
        } catch (RuntimeException e) {
            System.err.println("Limpet demo: " + e.getMessage());
        } finally {
            stopped.countDown();
        }
    }
}
