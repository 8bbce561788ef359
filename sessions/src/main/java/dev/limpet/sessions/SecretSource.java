package dev.limpet.sessions;

import dev.limpet.core.config.SecretSources;
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
        SecretSources.Choice choice = new SecretSources.Choice("secretFile", secretFile, "secretEnv", secretEnv);
        if (!choice.hasFile() && !choice.hasVariable()) {
            problems.add("no secret: set secretFile (a file readable by the server's user only) or secretEnv (an environment variable)");
            return null;
        }
        SecretSources.Secret secret = SecretSources.read(choice, baseDirectory, environment,
                (key, problem) -> problems.add(problem));
        if (secret == null) {
            return null;
        }
        try {
            return MasterSecrets.parse(secret.text(), secret.origin()).keyRing(purpose);
        } catch (InvalidSecretException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
