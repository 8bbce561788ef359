package dev.limpet.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Tomcat distribution run as an administrator would: a separate {@code CATALINA_BASE} made from the
 * distribution's {@code conf/}, with Limpet installed per docs/tomcat.md, started with
 * {@code bin/catalina.sh run}. Test-friendly edits to server.xml: the HTTP connector on a free loopback port,
 * no shutdown port, no AJP connector. Not thread-safe.
 */
final class TomcatProcess implements AutoCloseable {


    private final Process process;
    private final Path console;
    private final int port;

    private TomcatProcess(Process process, Path console, int port) {
        this.process = process;
        this.console = console;
        this.port = port;
    }

    /** More installation done on a {@code CATALINA_BASE} after the standard one, before Tomcat starts. */
    @FunctionalInterface
    interface Customizer {
        /** @param base the {@code CATALINA_BASE} */
        void apply(Path base) throws IOException;
    }

    static TomcatProcess start(Path home, Path base, String jvmRoute, String secret) throws Exception {
        return start(home, base, jvmRoute, secret, b -> { });
    }

    /**
     * @param customize more installation (e.g. the {@code <Manager>} line, another webapp), run after the standard
     *                  installation and before Tomcat starts
     */
    static TomcatProcess start(Path home, Path base, String jvmRoute, String secret, Customizer customize)
            throws Exception {
        int port = NodeProcesses.freePort();
        install(home, base, jvmRoute, secret, port);
        customize.apply(base);
        Path console = base.resolve("logs/console.log");
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true).redirectOutput(console.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CATALINA_") || k.startsWith("JAVA_OPTS") || k.equals("JRE_HOME"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_OPTS", "-Xmx256m");
        long started = System.nanoTime();
        TomcatProcess tomcat = new TomcatProcess(builder.start(), console, port);
        try {
            NodeProcesses.awaitHealthy(tomcat.process, tomcat.url("/cart/health"), "Tomcat", console);
            System.out.println(home.getFileName() + " served /cart/health after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            return tomcat;
        } catch (Exception | Error e) {
            tomcat.close();
            throw e;
        }
    }

    private static void install(Path home, Path base, String jvmRoute, String secret, int port) throws IOException {
        for (String sub : new String[] {"lib", "logs", "temp", "webapps", "work"}) {
            Files.createDirectories(base.resolve(sub));
        }
        copyTree(home.resolve("conf"), base.resolve("conf"));
        Files.copy(ItFiles.dropInJar(), base.resolve("lib/limpet-tomcat.jar"));
        for (Path driver : ItFiles.siteJdbcDrivers()) { // the site's own drivers, where Tomcat's docs put them
            Files.copy(driver, base.resolve("lib").resolve(driver.getFileName()));
        }
        Files.copy(ItFiles.cartWar(), base.resolve("webapps/cart.war"));
        Path secretFile = base.resolve("conf/limpet-secret");
        Files.writeString(secretFile, secret + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        edit(base.resolve("conf/catalina.properties"), "tomcat.util.scan.StandardJarScanFilter.jarsToSkip=\\\n",
                "tomcat.util.scan.StandardJarScanFilter.jarsToSkip=\\\nlimpet-tomcat.jar,\\\n");
        edit(base.resolve("conf/context.xml"), "</Context>",
                "  <Valve className=\"dev.limpet.tomcat.BackendCookieValve\" secretFile=\"conf/limpet-secret\"/>\n</Context>");
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml).replaceAll("(?s)<!--.*?-->", "")
                .replaceAll("(?s)<Connector[^>]*AJP/1\\.3.*?/>", "");
        Files.writeString(serverXml, xml);
        edit(serverXml, "<Server port=\"8005\"", "<Server port=\"-1\"");
        edit(serverXml, "<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        edit(serverXml, "<Engine name=\"Catalina\" defaultHost=\"localhost\">",
                "<Engine name=\"Catalina\" defaultHost=\"localhost\" jvmRoute=\"" + jvmRoute + "\">");
    }

    /** Replaces exactly one occurrence, so that a changed distribution file fails loudly. */
    static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException(file + " does not contain [" + from + "] exactly once");
        }
        Files.writeString(file, text.replace(from, to));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }



    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** @return what {@code catalina.sh run} printed so far */
    String console() {
        return NodeProcesses.read(console);
    }

    /** Stops Tomcat with SIGTERM (its shutdown hook stops it cleanly), forcibly after 30 seconds. */
    @Override
    public void close() throws InterruptedException {
        NodeProcesses.stop(process);
    }
}
