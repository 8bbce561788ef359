package dev.limpet.jetty;

import java.nio.file.Path;

/** Where Jetty's {@code jetty.base} is: what a relative {@code secretFile} is resolved against. Stateless. */
final class JettyBase {

    private JettyBase() {
    }

    /** @return the {@code jetty.base} system property as a path, or {@code null} when unset (the working directory) */
    static Path directory() {
        String base = System.getProperty("jetty.base");
        return base == null ? null : Path.of(base);
    }
}
