package dev.limpet.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The build's outputs a rig runs, found under the repository root (system property
 * {@code limpet.reliability.root}, default the working directory): the router jar, the drop-in jar, and what this
 * module's build fetched from Maven Central into {@code reliability/target/} (the Tomcat 11 distribution, the cart
 * war, the PostgreSQL driver).
 *
 * @param routerJar        {@code front-router/target/limpet-router.jar}
 * @param dropInJar        {@code valve-tomcat/target/limpet-tomcat.jar}
 * @param cartWar          {@code reliability/target/wars/cart.war}
 * @param tomcatHome       {@code reliability/target/tomcat-dist/apache-tomcat-11.*}
 * @param postgresqlDriver {@code reliability/target/site-jdbc-drivers/postgresql-*.jar}
 */
record Artifacts(Path routerJar, Path dropInJar, Path cartWar, Path tomcatHome, Path postgresqlDriver) {

    private static final String BUILD = ": build first (mvn -B -DskipTests install, then mvn -pl reliability package -DskipTests)";

    /**
     * @throws IllegalStateException naming what is missing and the build command
     */
    static Artifacts locate() {
        Path root = Path.of(System.getProperty("limpet.reliability.root", ".")).toAbsolutePath().normalize();
        Path target = root.resolve("reliability/target");
        return new Artifacts(file(root.resolve("front-router/target/limpet-router.jar")),
                file(root.resolve("valve-tomcat/target/limpet-tomcat.jar")), file(target.resolve("wars/cart.war")),
                first(target.resolve("tomcat-dist"), "apache-tomcat-11"), first(target.resolve("site-jdbc-drivers"), "postgresql-"));
    }

    private static Path file(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing " + path + BUILD);
        }
        return path;
    }

    private static Path first(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("missing " + dir + BUILD);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("missing " + dir + "/" + prefix + "*" + BUILD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
