package dev.limpet.reliability;

import dev.limpet.testsupport.Readiness;
import dev.limpet.testsupport.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The router's executable jar run as an operator runs it ({@code java -jar limpet-router.jar --config router.yaml},
 * docs/router.md), on a port chosen once so that a restarted router listens where the users connect. Output is
 * appended to {@code router.log}. Not thread-safe.
 */
final class RouterProcess implements AutoCloseable {

    private final Path jar;
    private final Path dir;
    private final int port = ServerProcess.freePort();
    private Process process;

    /**
     * @param jar {@code front-router/target/limpet-router.jar}
     * @param dir a directory for the YAML file and the log
     */
    RouterProcess(Path jar, Path dir) {
        this.jar = jar;
        this.dir = dir;
    }

    /** @return {@code http://127.0.0.1:PORT} */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the listen port, the same across restarts */
    int port() {
        return port;
    }

    /**
     * Writes the configuration and starts the router, waiting until it listens.
     *
     * @param yaml the configuration without {@code listen}, which is added
     * @throws IllegalStateException if it exits or does not listen within 30 s; the message holds its log
     */
    void start(String yaml) throws IOException, InterruptedException {
        Path config = dir.resolve("router.yaml");
        Files.writeString(config, "listen: 127.0.0.1:" + port + "\n" + yaml);
        Path log = dir.resolve("router.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Readiness.await(process, "the router", Duration.ofSeconds(30), 50, () -> read(log), () -> Readiness.listening(port));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops the router gracefully ({@code kill -TERM}: it finishes what is in flight) and waits up to 40 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Kills the router ({@code kill -9}) and waits until it is gone. */
    void kill9() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** @return the router's PID, or -1 when it is not running */
    long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
