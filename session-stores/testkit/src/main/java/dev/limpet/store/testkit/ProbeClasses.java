package dev.limpet.store.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A serializable class {@value #CLASS_NAME} that exists only behind a child {@link URLClassLoader} — like a
 * class of one web application, invisible to the container's loader. Its class file ships pre-built as the
 * resource {@code probe/Basket.class.bin} (compiled with {@code javac --release 17} from
 * {@code probe/Basket.java.txt}), so it is not on the test class path; it is copied to a temporary directory
 * that only the child loader sees.
 */
public final class ProbeClasses {

    /** The binary name of the probe class. */
    public static final String CLASS_NAME = "limpet.probe.Basket";

    private ProbeClasses() {
    }

    /**
     * @param parent the child loader's parent (the test's loader)
     * @return a new loader that sees {@value #CLASS_NAME}; its parent does not
     * @throws IllegalStateException if the probe is visible to the parent already (the test would prove nothing)
     */
    public static URLClassLoader childLoaderWithProbe(ClassLoader parent) {
        try {
            Class.forName(CLASS_NAME, false, parent);
            throw new IllegalStateException(CLASS_NAME + " must not be visible to the parent loader");
        } catch (ClassNotFoundException expected) {
            // as it should be
        }
        try (InputStream in = ProbeClasses.class.getResourceAsStream("probe/Basket.class.bin")) {
            if (in == null) {
                throw new IllegalStateException("resource probe/Basket.class.bin is missing from the test kit");
            }
            Path dir = Files.createTempDirectory("limpet-probe-");
            Path classFile = dir.resolve("limpet/probe/Basket.class");
            Files.createDirectories(classFile.getParent());
            Files.copy(in, classFile);
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param loader a loader from {@link #childLoaderWithProbe}
     * @param item   the basket's content
     * @return a new {@value #CLASS_NAME} instance
     */
    public static Object newBasket(ClassLoader loader, String item) {
        try {
            return Class.forName(CLASS_NAME, true, loader).getConstructor(String.class).newInstance(item);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + CLASS_NAME, e);
        }
    }
}
