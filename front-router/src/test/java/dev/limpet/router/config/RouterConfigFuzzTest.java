package dev.limpet.router.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzes the router's YAML configuration parser with arbitrary text (docs/fuzzing.md). Contract: it answers
 * with a {@link RouterConfig} or a {@link ConfigException} listing at least one problem, each a non-empty
 * single line — never another exception — and no answer ever contains a secret it read from a file or the
 * environment. Relative {@code secretFile}/{@code tokenFile} paths resolve in a directory that holds
 * {@code secret} and {@code token} files, so the fuzzer reaches the code past them.
 */
class RouterConfigFuzzTest {

    static final String FILE_SECRET = "fuzz-file-secret-0123456789";
    static final String ENV_SECRET = "fuzz-env-secret-0123456789";
    static final String FILE_TOKEN = "fuzz-admin-token-0123456789";
    private static final Map<String, String> ENV = Map.of("LIMPET_SECRET", ENV_SECRET, "LIMPET_TOKEN", ENV_SECRET);
    private static final Path BASE_DIR = baseDir();

    private static Path baseDir() {
        try {
            Path dir = Files.createTempDirectory("limpet-config-fuzz");
            Files.writeString(dir.resolve("secret"), FILE_SECRET + "\n");
            Files.writeString(dir.resolve("token"), FILE_TOKEN + "\n");
            dir.toFile().deleteOnExit();
            dir.resolve("secret").toFile().deleteOnExit();
            dir.resolve("token").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void answersWithAConfigOrAListOfProblems(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        String answer;
        try {
            answer = RouterConfig.fromYaml(yaml, ENV, BASE_DIR).toString();
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty(), "a ConfigException without problems");
            for (String problem : e.problems()) {
                assertNotNull(problem);
                assertFalse(problem.isBlank(), "a blank problem");
                assertFalse(problem.contains("\n") || problem.contains("\r"), "a problem of several lines: " + problem);
            }
            answer = e.getMessage();
        }
        for (String secret : new String[] {FILE_SECRET, ENV_SECRET, FILE_TOKEN}) {
            // A secret the fuzzer wrote into the YAML itself may be quoted back; one read from elsewhere never.
            assertFalse(!yaml.contains(secret) && answer.contains(secret), "the answer shows a secret: " + answer);
        }
    }
}
