package dev.limpet.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves docs/affinity-token.md is implementable elsewhere: the standard-library Python signer in
 * samples/token-signer-python produces tokens the Java codec accepts, byte for byte equal to its own.
 */
class PythonSignerTest {

    private static final Path SIGNER = Path.of("..", "samples", "token-signer-python", "limpet_token.py");

    @Test
    void pythonSignedTokenVerifiesInJava(@TempDir Path dir) throws Exception {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, "# test\npython-signer-secret-0123456789\nolder-secret-0123456789\n");
        String token = runPython(SIGNER.toString(), secretFile.toString(), "node-7", "600", "X-Backend", "1800000000");

        MasterSecrets secrets = MasterSecrets.fromFile(secretFile);
        AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend", secrets.keyRing(KeyPurpose.BACKEND_COOKIE));
        AffinityToken verified = codec.read(token, 1800000100L).orElseThrow(
                () -> new AssertionError("Java rejected the Python token " + token));
        assertEquals("node-7", verified.route());
        assertEquals(1800000600L, verified.expiresSeconds());
        assertEquals(codec.sign("node-7", 1800000000L, 1800000600L), token);
    }

    private static String runPython(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "python3";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("python3 is needed for this test (bin/test installs it): " + e.getMessage(), e);
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "python3 did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), "python3 failed: " + out);
        return out;
    }
}
