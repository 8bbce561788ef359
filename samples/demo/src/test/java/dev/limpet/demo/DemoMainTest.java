package dev.limpet.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoMainTest {

    @Test
    void parsesThePortOption() {
        assertEquals(DemoMain.NO_PORT, DemoMain.parsePort(new String[0]));
        assertEquals(DemoMain.HELP, DemoMain.parsePort(new String[] {"--help"}));
        assertEquals(0, DemoMain.parsePort(new String[] {"--port", "0"}));
        assertEquals(9090, DemoMain.parsePort(new String[] {"--port", "9090"}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoMain.parsePort(new String[] {"--port", "x"}))
                .getMessage().contains("--port needs a number 0..65535, not [x]"));
        assertThrows(IllegalArgumentException.class, () -> DemoMain.parsePort(new String[] {"--port", "70000"}));
        assertThrows(IllegalArgumentException.class, () -> DemoMain.parsePort(new String[] {"--verbose"}));
    }

    @Test
    void aTakenExplicitPortFailsClearlyAndAFreeOneIsKept() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            assertEquals(-1, DemoMain.choosePort(taken.getLocalPort(), out));
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("port " + taken.getLocalPort()
                    + " on 127.0.0.1 is in use. Choose another with --port N"));
        }
        assertEquals(0, DemoMain.choosePort(0, out));
    }
}
