package dev.limpet.jetty;

import dev.limpet.core.keys.InvalidSecretException;
import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.keys.MasterSecrets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The master secret of a Limpet Jetty component, from {@code secretFile} (a relative path is resolved against
 * {@code jetty.base}) or from the environment variable named by {@code secretEnv} — exactly one of the two — and the
 * key ring of one purpose derived from it (format: {@code docs/affinity-token.md} §1). Problems are collected so a
 * component reports all its bad settings at once; the secret is never logged. Stateless.
 */
final class Secrets {

    private Secrets() {
    }

    /**
     * @param secretFile  the {@code secretFile} setting, or {@code null}
     * @param secretEnv   the {@code secretEnv} setting, or {@code null}
     * @param environment looks environment variables up
     * @param purpose     the key purpose
     * @param problems    receives a message per problem
     * @return the key ring, or {@code null} after adding a problem
     */
    static KeyRing keyRing(String secretFile, String secretEnv, UnaryOperator<String> environment, KeyPurpose purpose,
                           List<String> problems) {
        boolean hasFile = secretFile != null && !secretFile.isBlank();
        boolean hasEnv = secretEnv != null && !secretEnv.isBlank();
        if (hasFile == hasEnv) {
            problems.add(hasFile ? "set only one of secretFile and secretEnv, not both"
                    : "no secret: set secretFile (a file readable by Jetty only) or secretEnv (an environment variable)");
            return null;
        }
        try {
            if (hasFile) {
                return MasterSecrets.fromFile(resolve(secretFile.trim())).keyRing(purpose);
            }
            String value = environment.apply(secretEnv.trim());
            if (value == null) {
                problems.add("environment variable [" + secretEnv.trim() + "] is not set");
                return null;
            }
            return MasterSecrets.parse(value, "environment variable [" + secretEnv.trim() + "]").keyRing(purpose);
        } catch (InvalidSecretException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static Path resolve(String secretFile) {
        Path file = Path.of(secretFile);
        String base = System.getProperty("jetty.base");
        return file.isAbsolute() || base == null ? file : Path.of(base).resolve(file);
    }
}
