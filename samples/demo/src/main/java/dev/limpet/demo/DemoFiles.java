package dev.limpet.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's throwaway files: a private working directory, a freshly generated master secret and the
 * embedded cart webapp. Stateless; the methods are thread-safe.
 */
public final class DemoFiles {

    /** The class-path resource holding the sample cart webapp (copied in at build time). */
    public static final String CART_WAR_RESOURCE = "/dev/limpet/demo/cart.war";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DemoFiles() {
    }

    /**
     * @return a new directory readable by this user only (0700 where POSIX permissions exist)
     * @throws IOException if it cannot be created
     */
    public static Path privateTempDirectory() throws IOException {
        return POSIX
                ? Files.createTempDirectory("limpet-demo-", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory("limpet-demo-");
    }

    /**
     * Writes a new random master secret (32 bytes from {@link SecureRandom}, base64: 44 characters) to a file
     * created with permissions 0600, in the format of {@code docs/affinity-token.md} §1.
     *
     * @param dir the directory, see {@link #privateTempDirectory()}
     * @return the secret file
     * @throws IOException if it cannot be written
     */
    public static Path newSecretFile(Path dir) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path file = dir.resolve("secret");
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, "# Limpet demo: throwaway secret, deleted when the demo stops\n"
                + Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * Copies the embedded cart webapp to a file.
     *
     * @param target where to write it; its name should end in {@code .war}
     * @return {@code target}
     * @throws IOException if the resource is missing (a broken build) or cannot be copied
     */
    public static Path extractCartWar(Path target) throws IOException {
        try (InputStream in = DemoFiles.class.getResourceAsStream(CART_WAR_RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + CART_WAR_RESOURCE + " is missing: build with mvn install");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    /**
     * Deletes a directory tree, best effort (files still open are left behind).
     *
     * @param dir the directory; nothing happens if it does not exist
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(DemoFiles::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // best effort: what is left is in the system's temporary directory
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort, see deleteTree
        }
    }
}
