package dev.limpet.core.config;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Reads a secret (a master secret, an admin token, a key-store password) from a file or from an environment
 * variable, exactly one of the two. A file's mode is checked first, as OpenSSH does for private keys: writable by
 * group or others is refused (whoever can write it chooses what is trusted); readable by them is logged as a
 * warning. On a file system without POSIX permissions nothing is checked. The secret itself is never logged nor put
 * in a message. Stateless.
 */
public final class SecretSources {

    private static final System.Logger LOG = System.getLogger(SecretSources.class.getName());

    private SecretSources() {
    }

    /**
     * Where a secret is configured.
     *
     * @param fileKey  the name of the file key, e.g. {@code secretFile}, for messages
     * @param file     its value, or {@code null}/empty when unset
     * @param envKey   the name of the variable key, e.g. {@code secretEnv}
     * @param variable its value, or {@code null}/empty when unset
     */
    public record Choice(String fileKey, String file, String envKey, String variable) {

        /** @return whether the file is named */
        public boolean hasFile() {
            return file != null && !file.isEmpty();
        }

        /** @return whether the variable is named */
        public boolean hasVariable() {
            return variable != null && !variable.isEmpty();
        }
    }

    /**
     * A secret read. {@link #toString()} leaves the text out.
     *
     * @param text   the secret as read (a file's whole content, a variable's value), not stripped
     * @param origin where it came from, for messages: {@code file [PATH]} or {@code environment variable [NAME]}
     */
    public record Secret(String text, String origin) {

        @Override
        public String toString() {
            return "Secret[" + origin + "]";
        }
    }

    /**
     * @param choice      the keys and their values
     * @param baseDir     what a relative file is resolved against, or {@code null} for the working directory
     * @param environment looks variables up
     * @param problems    receives (key, problem) for each problem, e.g. ({@code secretEnv}, {@code environment
     *                    variable [X] is not set})
     * @return the secret, or {@code null} when neither is set (no problem added) or after a problem was added
     */
    public static Secret read(Choice choice, Path baseDir, UnaryOperator<String> environment,
                              BiConsumer<String, String> problems) {
        if (choice.hasFile() && choice.hasVariable()) {
            problems.accept(choice.fileKey(), "set only one of " + choice.fileKey() + " and " + choice.envKey()
                    + ", not both");
            return null;
        }
        if (choice.hasVariable()) {
            String value = environment.apply(choice.variable());
            if (value == null) {
                problems.accept(choice.envKey(), "environment variable [" + choice.variable() + "] is not set");
                return null;
            }
            return new Secret(value, "environment variable [" + choice.variable() + "]");
        }
        if (!choice.hasFile()) {
            return null;
        }
        Path path = Path.of(choice.file());
        path = path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path);
        String refused = permissionProblem(path, choice.fileKey());
        if (refused != null) {
            problems.accept(choice.fileKey(), refused);
            return null;
        }
        try {
            return new Secret(Files.readString(path, StandardCharsets.UTF_8), "file [" + path + "]");
        } catch (IOException e) {
            problems.accept(choice.fileKey(), "cannot read secret file [" + path + "]: " + e.getClass().getSimpleName());
            return null;
        }
    }

    /** @return the problem of a file writable by group or others, else {@code null} (a warning when readable) */
    private static String permissionProblem(Path file, String key) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return null; // no POSIX modes here, or the file is missing: reading it reports that
        }
        String text = PosixFilePermissions.toString(mode);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "[" + file + "] is writable by group or others (" + text + "): whoever can write it chooses"
                    + " what is trusted; chmod 600 it";
        }
        if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
            LOG.log(Level.WARNING, "{0}: [{1}] is readable by group or others ({2}); chmod 600 it", key, file, text);
        }
        return null;
    }
}
