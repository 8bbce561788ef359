package dev.limpet.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo's few typed commands: {@code stop <node>}, {@code start <node>}, {@code status}, {@code help},
 * {@code quit}. Reading ends at end of input, so the demo also runs without a terminal. Not thread-safe: one
 * reader thread.
 */
final class DemoConsole {

    static final String HELP = "Commands: stop <node>, start <node>, status, help, quit";

    private final Demo demo;
    private final PrintStream out;

    DemoConsole(Demo demo, PrintStream out) {
        this.demo = demo;
        this.out = out;
    }

    /**
     * Reads and runs commands until {@code quit} or end of input.
     *
     * @return {@code true} if the user asked to quit, {@code false} at end of input
     */
    boolean run(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!execute(line.trim().split("\\s+"))) {
                return true;
            }
        }
        return false;
    }

    /** @return {@code false} when the command was {@code quit} */
    boolean execute(String[] words) {
        String command = words[0].toLowerCase(Locale.ROOT);
        try {
            switch (command) {
                case "": return true;
                case "quit": case "exit": return false;
                case "status": printStatus(); return true;
                case "stop": case "start": nodeCommand(command, words); return true;
                default: out.println(HELP); return true;
            }
        } catch (IllegalArgumentException | Demo.DemoException e) {
            out.println(e.getMessage());
            return true;
        }
    }

    private void nodeCommand(String command, String[] words) {
        if (words.length != 2) {
            out.println("usage: " + command + " <node>, one of " + Demo.ROUTES);
            return;
        }
        String route = words[1];
        if ("stop".equals(command)) {
            out.println(stopMessage(route, demo.stopNode(route)));
        } else {
            out.println(startMessage(route, demo.startNode(route)));
        }
    }

    /** @return what to tell the user after {@link Demo#stopNode} returned {@code stopped} */
    static String stopMessage(String route, boolean stopped) {
        return stopped
                ? route + " stopped. Its users move to another node on their next request - with their cart:"
                        + " the other node takes the session over from the shared session store."
                : route + " is not running.";
    }

    /** @return what to tell the user after {@link Demo#startNode} returned {@code started} */
    static String startMessage(String route, boolean started) {
        return started
                ? route + " started again; the router sends it new users once its health check passes."
                : route + " is already running.";
    }

    void printStatus() {
        out.println("Router: " + demo.cartUrl());
        for (String route : Demo.ROUTES) {
            String where = demo.runningNodes().stream().filter(n -> n.route().equals(route)).findFirst()
                    .map(n -> n.url() + EmbeddedCartNode.CONTEXT_PATH + "/").orElse("stopped");
            out.println("  " + route + "  " + where);
        }
    }
}
