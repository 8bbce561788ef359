package dev.limpet.router.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The router's version, filtered into {@code limpet-router-version.properties} at build time. Stateless. */
public final class BuildInfo {

    private static final String VERSION = read();

    private BuildInfo() {
    }

    /** @return the version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} */
    public static String version() {
        return VERSION;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/limpet-router-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
