package dev.limpet.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The typed commands against a running demo; end of input (no terminal) is not a quit. */
class DemoConsoleIT {

    @Test
    void commandsStopAndStartNodesAndEndOfInputKeepsTheDemoRunning() throws Exception {
        try (Demo demo = Demo.start(0)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DemoConsole console = new DemoConsole(demo, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String script = "status\nstop node2\nstop node2\nstatus\nstart node2\nstop node9\nstop\nfrobnicate\n";
            assertFalse(console.run(new BufferedReader(new StringReader(script))), "end of input is not quit");
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("Router: " + demo.cartUrl()), out);
            assertTrue(out.contains("node2 stopped. Its users move to another node"), out);
            assertTrue(out.contains("with their cart: the other node takes the session over"), out);
            assertTrue(out.contains("node2 is not running."), out);
            assertTrue(out.contains("  node2  stopped"), out);
            assertTrue(out.contains("node2 started again"), out);
            assertTrue(out.contains("no node [node9]; the nodes are [node1, node2, node3]"), out);
            assertTrue(out.contains("usage: stop <node>"), out);
            assertTrue(out.contains(DemoConsole.HELP), out);
            assertEquals(3, demo.runningNodes().size());
            String banner = DemoBanner.text(demo);
            assertTrue(banner.contains("press \"Stop this node\"") && banner.contains(demo.controlUrl()), banner);
            assertTrue(console.run(new BufferedReader(new StringReader("\nquit\nstop node1\n"))));
            assertEquals(3, demo.runningNodes().size(), "nothing after quit runs");
        }
    }
}
