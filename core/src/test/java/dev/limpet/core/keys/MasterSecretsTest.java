package dev.limpet.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterSecretsTest {

    @Test
    void firstSecretSignsAllVerifyAndPurposesDiffer() {
        MasterSecrets secrets = MasterSecrets.parse("# comment\n  first-secret-0123456789 \n\nsecond-secret-0123456789\n", "t");
        KeyRing backend = secrets.keyRing(KeyPurpose.BACKEND_COOKIE);
        KeyRing router = secrets.keyRing(KeyPurpose.ROUTER_COOKIE);
        assertEquals(2, backend.keys().size());
        assertEquals(backend.signingKey().keyId(), router.signingKey().keyId());
        assertNotEquals(new String(backend.signingKey().keyBytes()), new String(router.signingKey().keyBytes()));
        assertTrue(backend.find(backend.keys().get(1).keyId()).isPresent());
        assertFalse(backend.find("nope").isPresent());
        assertEquals(8, backend.signingKey().keyId().length());
    }

    @Test
    void errorsNameEveryProblemButNeverTheSecret() {
        InvalidSecretException e = assertThrows(InvalidSecretException.class,
                () -> MasterSecrets.parse("short\nalso-short", "file [x]"));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("short\n") || e.getMessage().contains("also-short"));
        assertThrows(InvalidSecretException.class, () -> MasterSecrets.parse("  \n# only comments\n", "t"));
        assertThrows(InvalidSecretException.class, () -> MasterSecrets.fromEnvironment("LIMPET_NOPE", Map.of()));
        assertThrows(InvalidSecretException.class, () -> MasterSecrets.fromFile(Path.of("/nonexistent/limpet")));
    }

    @Test
    void readsFileAndEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "file-secret-0123456789\n");
        assertEquals(1, MasterSecrets.fromFile(file).size());
        assertEquals(1, MasterSecrets.fromEnvironment("S", Map.of("S", "env-secret-0123456789")).size());
        assertFalse(MasterSecrets.fromFile(file).toString().contains("file-secret"));
    }
}
