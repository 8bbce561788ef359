package dev.limpet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Tomcat distribution run as an administrator would: a separate {@code CATALINA_BASE} made from the
 * distribution's {@code conf/}, with Limpet installed per docs/tomcat.md (the drop-in jar and the site's driver jars
 * in {@code lib/}, the cart webapp as {@code webapps/cart.war}, the BackendCookieValve in {@code context.xml},
 * {@code jvmRoute} on the Engine), started with {@code bin/catalina.sh run}. Test-friendly edits to server.xml: the
 * HTTP connector on a free loopback port, no shutdown port, no AJP connector. It can be killed with SIGKILL and
 * started again on the same port and base, as an operator restarts a crashed node. Not thread-safe.
 */
public final class TomcatProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final Path base;
    private final String jvmOptions;
    private final int port;
    private final Path console;
    private Process process;

    private TomcatProcess(Path home, Path base, String jvmOptions, int port) {
        this.home = home;
        this.base = base;
        this.jvmOptions = jvmOptions;
        this.port = port;
        this.console = base.resolve("logs/console.log");
    }

    /**
     * What is installed into every {@code CATALINA_BASE}.
     *
     * @param dropInJar  {@code valve-tomcat/target/limpet-tomcat.jar}, copied to {@code lib/}
     * @param cartWar    the cart webapp, deployed as {@code /cart}
     * @param libJars    more jars for {@code lib/} (the site's JDBC drivers), possibly none
     * @param jvmOptions {@code CATALINA_OPTS}, e.g. {@code -Xmx256m}
     */
    public record Installation(Path dropInJar, Path cartWar, List<Path> libJars, String jvmOptions) {
    }

    /** More installation done on a {@code CATALINA_BASE} after the standard one, before Tomcat starts. */
    @FunctionalInterface
    public interface Customizer {
        /** @param base the {@code CATALINA_BASE} */
        void apply(Path base) throws IOException;
    }

    /**
     * Installs Limpet into a fresh {@code CATALINA_BASE} and starts Tomcat, waiting until {@code /cart/health}
     * answers 200.
     *
     * @param home      {@code CATALINA_HOME} of an unpacked distribution
     * @param base      a fresh directory for {@code CATALINA_BASE}
     * @param jvmRoute  the Engine's {@code jvmRoute}
     * @param secret    the master secret lines, written to {@code conf/limpet-secret}
     * @param install   what to install
     * @param customize more installation (e.g. the {@code <Manager>} line, another webapp), run after the standard
     *                  installation and before Tomcat starts
     * @throws AssertionError if Tomcat exits or does not serve within 90 s; the message holds its console
     */
    public static TomcatProcess start(Path home, Path base, String jvmRoute, String secret, Installation install,
                                      Customizer customize) throws Exception {
        TomcatProcess tomcat = new TomcatProcess(home, base, install.jvmOptions(), ServerProcess.freePort());
        install(tomcat, jvmRoute, secret, install);
        customize.apply(base);
        tomcat.start();
        return tomcat;
    }

    /**
     * Starts Tomcat again on the same base and port after it was {@link #kill9() killed} or {@link #close() stopped},
     * waiting until {@code /cart/health} answers 200.
     *
     * @throws IllegalStateException if it is running
     */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Tomcat at " + base + " is running");
        }
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CATALINA_") || k.startsWith("JAVA_OPTS") || k.equals("JRE_HOME"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_OPTS", jvmOptions);
        long started = System.nanoTime();
        process = builder.start();
        try {
            awaitHealthy();
            System.out.println(home.getFileName() + " served /cart/health after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private static void install(TomcatProcess tomcat, String jvmRoute, String secret, Installation install)
            throws IOException {
        Path base = tomcat.base;
        for (String sub : new String[] {"lib", "logs", "temp", "webapps", "work"}) {
            Files.createDirectories(base.resolve(sub));
        }
        copyTree(tomcat.home.resolve("conf"), base.resolve("conf"));
        Files.copy(install.dropInJar(), base.resolve("lib/limpet-tomcat.jar"));
        for (Path jar : install.libJars()) { // the site's own drivers, where Tomcat's docs put them
            Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()));
        }
        Files.copy(install.cartWar(), base.resolve("webapps/cart.war"));
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
        edit(serverXml, "<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + tomcat.port + "\"");
        edit(serverXml, "<Engine name=\"Catalina\" defaultHost=\"localhost\">",
                "<Engine name=\"Catalina\" defaultHost=\"localhost\" jvmRoute=\"" + jvmRoute + "\">");
    }

    /**
     * Replaces exactly one occurrence, so that a changed distribution file fails loudly.
     *
     * @throws IllegalStateException if {@code from} is not in the file exactly once
     */
    public static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException(file + " does not contain [" + from + "] exactly once");
        }
        Files.writeString(file, text.replace(from, to));
    }

    /** Copies a directory tree, replacing files that exist. */
    public static void copyTree(Path from, Path to) throws IOException {
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

    private void awaitHealthy() {
        Readiness.await(process, "Tomcat", START_TIMEOUT, 200, this::console, () -> Readiness.servesOk(url("/cart/health")));
    }

    /** @return {@code http://127.0.0.1:PORT} followed by the path */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** @return the HTTP connector's loopback port, the same across restarts */
    public int port() {
        return port;
    }

    /** @return whether Tomcat's JVM is alive */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * @return the PID of Tomcat's JVM ({@code catalina.sh run} execs {@code java})
     * @throws IllegalStateException if it is not running
     */
    public long pid() {
        return jvm().pid();
    }

    /** @return what {@code catalina.sh run} printed so far, over every start */
    public String console() {
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills Tomcat's JVM with SIGKILL ({@code kill -9}): no shutdown hook, no session saved on the way out. Waits
     * until it is gone. Nothing happens if it is not running.
     */
    public void kill9() {
        if (!isRunning()) {
            return;
        }
        ProcessHandle jvm = jvm();
        jvm.destroyForcibly();
        jvm.onExit().join();
        process.destroyForcibly();
    }

    /** The JVM whose command line names this base (the process itself, as {@code catalina.sh run} execs). */
    private ProcessHandle jvm() {
        if (!isRunning()) {
            throw new IllegalStateException("Tomcat at " + base + " is not running");
        }
        String marker = "-Dcatalina.base=" + base;
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .findFirst().orElse(process.toHandle());
    }

    /** Stops Tomcat with SIGTERM (its shutdown hook stops it cleanly), forcibly after 30 seconds. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
