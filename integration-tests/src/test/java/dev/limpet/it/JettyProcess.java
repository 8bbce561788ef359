package dev.limpet.it;

import dev.limpet.testsupport.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A jetty-home distribution node installed exactly as docs/jetty.md says: a fresh {@code jetty.base}, Limpet's
 * {@code limpet-jetty-base.zip} unzipped into it, {@code java -jar $JETTY_HOME/start.jar --add-modules=…} with the
 * store URI, the secret file and the worker name as properties, the site's JDBC driver in {@code lib/ext/}, the
 * cart war in {@code webapps/}; then {@code java -jar $JETTY_HOME/start.jar} on a free loopback port. Not
 * thread-safe.
 */
final class JettyProcess implements AutoCloseable {

    /** The modules of docs/jetty.md's install line. */
    static final String MODULES = "http,ee10-deploy,limpet-session,limpet-backend-cookie";

    private final Process process;
    private final Path console;
    private final int port;

    private JettyProcess(Process process, Path console, int port) {
        this.process = process;
        this.console = console;
        this.port = port;
    }

    /**
     * @param home     {@code JETTY_HOME}
     * @param base     a fresh {@code JETTY_BASE}
     * @param route    the worker name
     * @param secret   the master secret's text
     * @param storeUri {@code jetty.session.limpet.storeUri}
     */
    static JettyProcess start(Path home, Path base, String route, String secret, String storeUri) throws Exception {
        install(home, base, route, secret, storeUri);
        int port = NodeProcesses.freePort();
        Path console = base.resolve("console.log");
        ProcessBuilder builder = java(home, base, "jetty.http.host=127.0.0.1", "jetty.http.port=" + port)
                .redirectErrorStream(true).redirectOutput(console.toFile());
        long started = System.nanoTime();
        JettyProcess jetty = new JettyProcess(builder.start(), console, port);
        try {
            Readiness.await(jetty.process, "Jetty", NodeProcesses.START_TIMEOUT, 200, () -> NodeProcesses.read(console),
                    () -> Readiness.servesOk(jetty.url("/cart/health")));
            System.out.println(home.getFileName() + " node " + route + " served /cart/health after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            return jetty;
        } catch (Exception | Error e) {
            jetty.close();
            throw e;
        }
    }

    private static void install(Path home, Path base, String route, String secret, String storeUri) throws Exception {
        Files.createDirectories(base);
        unzip(ItFiles.jettyBaseZip(), base);
        Path secretFile = base.resolve("etc/limpet-secret");
        Files.writeString(secretFile, secret + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        List<String> modules = new ArrayList<>(List.of(MODULES));
        if (storeUri.startsWith("jdbc:")) { // the site's JDBC driver, where Jetty keeps extra jars
            Files.createDirectories(base.resolve("lib/ext"));
            for (Path driver : ItFiles.siteJdbcDrivers()) {
                Files.copy(driver, base.resolve("lib/ext").resolve(driver.getFileName()));
            }
            modules.add("ext");
        }
        Process add = java(home, base, "--add-modules=" + String.join(",", modules),
                "jetty.session.limpet.storeUri=" + storeUri, "jetty.session.limpet.secretFile=etc/limpet-secret",
                "jetty.sessionIdManager.workerName=" + route)
                .redirectErrorStream(true).redirectOutput(base.resolve("add-modules.log").toFile()).start();
        if (!add.waitFor(60, TimeUnit.SECONDS) || add.exitValue() != 0) {
            throw new AssertionError("start.jar --add-modules failed:\n" + Files.readString(base.resolve("add-modules.log")));
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(ItFiles.cartWar(), base.resolve("webapps/cart.war"));
    }

    private static ProcessBuilder java(Path home, Path base, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(ItFiles.NODE_JVM_OPTIONS.split(" ")));
        command.addAll(List.of("-jar", home.resolve("start.jar").toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).directory(base.toFile());
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the base: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(in, target);
                }
            }
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.write(target, in.readAllBytes());
    }



    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** @return what Jetty printed so far */
    String console() {
        return NodeProcesses.read(console);
    }

    /** Kills the JVM with SIGKILL ({@code kill -9}): no shutdown hook, nothing saved on the way out. */
    void kill9() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops Jetty with SIGTERM (its shutdown hook stops it gracefully), forcibly after 30 seconds. */
    @Override
    public void close() throws InterruptedException {
        NodeProcesses.stop(process);
    }
}
