package dev.limpet.core.token;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.keys.MasterSecrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shared affinity-token test vectors ({@code affinity-token-vectors.tsv}), for the core, router and
 * valve tests. Shipped in limpet-core's test-jar.
 */
public final class TokenVectors {

    /** One vector. Secrets are newline-joined, in the format of {@link MasterSecrets#parse}. */
    public record Vector(String name, String secrets, KeyPurpose purpose, String cookieName, String route,
                         long createdSeconds, long expiresSeconds, long nowSeconds, String token,
                         TokenVerdict verdict) {

        /** @return the key ring of this vector's purpose */
        public KeyRing keyRing() {
            return MasterSecrets.parse(secrets, "vector " + name).keyRing(purpose);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private TokenVectors() {
    }

    /** @return every vector in file order */
    public static List<Vector> all() {
        try (InputStream in = TokenVectors.class.getResourceAsStream("/affinity-token-vectors.tsv")) {
            if (in == null) {
                throw new IllegalStateException("affinity-token-vectors.tsv not on the test class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Vector> vectors = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                vectors.add(new Vector(f[0], f[1].replace('|', '\n'),
                        KeyPurpose.valueOf(f[2].toUpperCase(Locale.ROOT).replace('-', '_')), f[3], f[4],
                        Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), f[8],
                        TokenVerdict.valueOf(f[9])));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the vectors whose verdict is {@link TokenVerdict#VALID} */
    public static List<Vector> valid() {
        return all().stream().filter(v -> v.verdict() == TokenVerdict.VALID).toList();
    }

    /** @return the vectors whose verdict is not {@link TokenVerdict#VALID} */
    public static List<Vector> invalid() {
        return all().stream().filter(v -> v.verdict() != TokenVerdict.VALID).toList();
    }
}
