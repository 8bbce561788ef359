package dev.limpet.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The build's artefacts the tests use, located through system properties set in the module's pom. */
final class ItFiles {

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
