package dev.limpet.sessions;

import dev.limpet.core.keys.InvalidSecretException;
import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.keys.MasterSecrets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads the master secret of a component from {@code secretFile} (relative paths against the container's base
 * directory: {@code $CATALINA_BASE} for Tomcat, the servlet context's real root or the working directory for the
 * servlet filters) or from the environment variable named by {@code secretEnv} — exactly one of the
 * two — and derives the key ring of one purpose. Problems are collected, not thrown, so a component reports
 * all its bad attributes at once. The secret is never logged. Stateless.
 */
public final class SecretSource {

    private SecretSource() {
    }

    /**
     * @param secretFile  the {@code secretFile} attribute, or {@code null}
     * @param secretEnv   the {@code secretEnv} attribute, or {@code null}
     * @param environment looks environment variables up
     * @param purpose     the key purpose
     * @param baseDirectory what a relative {@code secretFile} is resolved against, or {@code null} (the working
     *                      directory)
     * @param problems    receives a message per problem
     * @return the key ring, or {@code null} after adding a problem
     */
    public static KeyRing keyRing(String secretFile, String secretEnv, UnaryOperator<String> environment,
                                  KeyPurpose purpose, Path baseDirectory, List<String> problems) {
        boolean hasFile = secretFile != null && !secretFile.isEmpty();
        boolean hasEnv = secretEnv != null && !secretEnv.isEmpty();
        if (hasFile == hasEnv) {
            problems.add(hasFile ? "set only one of secretFile and secretEnv, not both"
                    : "no secret: set secretFile (a file readable by the server's user only) or secretEnv (an environment variable)");
            return null;
        }
        try {
            MasterSecrets secrets = hasFile ? MasterSecrets.fromFile(resolve(secretFile, baseDirectory))
                    : MasterSecrets.parse(read(environment, secretEnv), "environment variable [" + secretEnv + "]");
            return secrets.keyRing(purpose);
        } catch (InvalidSecretException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static String read(UnaryOperator<String> environment, String variable) {
        String value = environment.apply(variable);
        if (value == null) {
            throw new InvalidSecretException("environment variable [" + variable + "] is not set");
        }
        return value;
    }

    private static Path resolve(String secretFile, Path baseDirectory) {
        Path file = Path.of(secretFile);
        return file.isAbsolute() || baseDirectory == null ? file : baseDirectory.resolve(file);
    }
}
