package dev.limpet.router.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterMainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RouterMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void malformedConfigExitsNonZeroListingEveryProblemWithoutAStackTrace() throws Exception {
        Path config = dir.resolve("router.yaml");
        Files.writeString(config, """
                listen: nowhere
                backends:
                  - route: "x y"
                    url: http://127.0.0.1:9001
                persistence: [teleport]
                colour: blue
                """);
        assertEquals(RouterMain.EXIT_CONFIG, run("--config", config.toString()));
        String text = err.toString();
        for (String fragment : new String[] {"listen:", "backends[0].route:", "unknown persistence method [teleport]",
                "colour: unknown key"}) {
            assertTrue(text.contains(fragment), "missing [" + fragment + "] in:\n" + text);
        }
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
    }

    @Test
    void missingConfigFileIsAConfigError() {
        assertEquals(RouterMain.EXIT_CONFIG, run("--config", dir.resolve("absent.yaml").toString()));
        assertTrue(err.toString().contains("cannot read configuration file"), err.toString());
    }

    @Test
    void checkValidatesWithoutStarting() throws Exception {
        Path config = dir.resolve("ok.yaml");
        Files.writeString(config, "listen: 127.0.0.1:0\npersistence: [jsessionid]\n"
                + "backends: [{route: node1, url: 'http://127.0.0.1:9001'}]\n");
        assertEquals(0, run("--check", "--config", config.toString()));
        assertTrue(out.toString().contains("is valid"), out.toString());
    }

    @Test
    void versionHelpAndUsageErrors() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("limpet-router "), out.toString());
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--config"));
        assertEquals(2, run());
        assertTrue(err.toString().contains("Missing required option"), err.toString());
    }
}
