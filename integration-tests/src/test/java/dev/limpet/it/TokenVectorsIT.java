package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.token.TokenVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared test vectors: every valid backend-cookie token pins the router to its route, at the vector's time. */
class TokenVectorsIT {

    @TempDir
    Path dir;

    @Test
    void theRouterAcceptsEveryValidBackendVector() throws Exception {
        List<TokenVectors.Vector> vectors = TokenVectors.valid().stream()
                .filter(v -> v.purpose() == KeyPurpose.BACKEND_COOKIE).toList();
        assertFalse(vectors.isEmpty());
        for (TokenVectors.Vector vector : vectors) {
            Path farmDir = Files.createDirectory(dir.resolve(vector.name()));
            InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(vector.nowSeconds()));
            List<String> routes = List.of("other-a", vector.route(), "other-b");
            try (Farm farm = Farm.start(farmDir, routes, vector.secrets(), "[backend-cookie]", clock)) {
                for (int i = 0; i < 6; i++) {
                    Browser client = new Browser().withCookie(vector.cookieName(), vector.token());
                    assertEquals(vector.route(), servedBy(client.get(farm.cart("/health"))), vector.name());
                }
            }
        }
    }
}
