package dev.limpet.it;

import dev.limpet.testsupport.TomcatProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The build's artefacts the tests use, located through system properties set in the module's pom. */
final class ItFiles {

    /**
     * The JVM options of the Tomcat and Jetty nodes the tests start: a small heap, and the client compiler alone,
     * which starts a short-lived JVM faster and changes nothing the tests look at.
     */
    static final String NODE_JVM_OPTIONS = "-Xmx256m -XX:TieredStopAtLevel=1";

    private ItFiles() {
    }

    /** @return the cart webapp war (copied by maven-dependency-plugin) */
    static Path cartWar() {
        return existing("limpet.it.cartWar", "the cart webapp: run the build through Maven (mvn -pl integration-tests -am verify)");
    }

    /** @return the drop-in jar {@code valve-tomcat/target/limpet-tomcat.jar} */
    static Path dropInJar() {
        return existing("limpet.it.dropInJar", "the drop-in jar: build valve-tomcat first (mvn -pl integration-tests -am verify)");
    }

    /** @return the drop-in jar that also carries the JDBC drivers, {@code valve-tomcat/target/limpet-tomcat-with-drivers.jar} */
    static Path dropInJarWithDrivers() {
        return existing("limpet.it.dropInJarWithDrivers", "the drop-in jar with drivers: build valve-tomcat first");
    }

    /**
     * @return the JDBC driver jars (PostgreSQL, MariaDB, H2) a site keeps in {@code $CATALINA_BASE/lib}, copied by
     *         maven-dependency-plugin
     */
    static List<Path> siteJdbcDrivers() {
        String value = System.getProperty("limpet.it.siteJdbcDrivers");
        try (Stream<Path> jars = value == null ? Stream.empty() : Files.list(Path.of(value))) {
            List<Path> found = jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
            if (found.size() != 3) {
                throw new IllegalStateException("missing the site's JDBC drivers [limpet.it.siteJdbcDrivers=" + value
                        + "]: run through Maven (mvn -pl integration-tests -am verify)");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code filter-jetty/target/limpet-jetty-base.zip}, to unzip into a {@code JETTY_BASE} */
    static Path jettyBaseZip() {
        return existing("limpet.it.jettyBaseZip", "limpet-jetty-base.zip: build filter-jetty first (mvn -pl integration-tests -am verify)");
    }

    /** @return the unpacked jetty-home distribution ({@code JETTY_HOME}) */
    static Path jettyHome() {
        Path home = Path.of(String.valueOf(System.getProperty("limpet.it.jettyHome")));
        if (!Files.isRegularFile(home.resolve("start.jar"))) {
            throw new IllegalStateException("no jetty-home at " + home + ": run through Maven");
        }
        return home;
    }

    /** @return what the tests install into a Tomcat distribution's base: the drop-in jar, the site's drivers, the cart */
    static TomcatProcess.Installation installation() {
        return new TomcatProcess.Installation(dropInJar(), cartWar(), siteJdbcDrivers(), NODE_JVM_OPTIONS);
    }

    /** @return the unpacked Tomcat distributions' homes ({@code CATALINA_HOME}) */
    static List<Path> tomcatHomes() {
        String value = System.getProperty("limpet.it.tomcatHomes");
        if (value == null) {
            throw new IllegalStateException("system property limpet.it.tomcatHomes is not set: run through Maven");
        }
        return Arrays.stream(value.split(",")).map(Path::of).peek(home -> {
            if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
                throw new IllegalStateException("no Tomcat distribution at " + home + ": run through Maven");
            }
        }).toList();
    }

    private static Path existing(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("missing " + what + " [" + property + "=" + value + "]");
        }
        return Path.of(value);
    }
}
