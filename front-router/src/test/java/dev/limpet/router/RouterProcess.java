package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real executable router jar ({@code target/limpet-router.jar}, built by the package phase; the
 * {@code *ProcessIT} tests run in the integration-test phase) as an operating-system process: started with
 * {@code --config}, its output in a log file, signalled with {@code kill}, its exit status read.
 */
final class RouterProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("router listening on \\[[^\\]]*:([0-9]+)\\]");
    private static final Pattern ADMIN = Pattern.compile("admin API listening on \\[[^\\]]*:([0-9]+)\\]");

    private final Process process;
    private final Path log;
    final int port;
    final int adminPort;

    RouterProcess(Path config, Path log) throws Exception {
        this(config, log, List.of());
    }

    /** @param jvmOptions extra options for the router's JVM, e.g. {@code -Djdk.net.hosts.file=...} */
    RouterProcess(Path config, Path log, List<String> jvmOptions) throws Exception {
        String jar = System.getProperty("limpet.router.jar", "target/limpet-router.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no router jar at [" + jar + "]: run the package phase first");
        }
        this.log = log;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar, "--config", config.toString()));
        this.process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .failFast(() -> assertTrue(process.isAlive(), () -> "router exited; log:\n" + logQuietly()))
                .untilAsserted(() -> assertTrue(LISTENING.matcher(log()).find(), () -> "router did not start; log:\n" + logQuietly()));
        Matcher m = LISTENING.matcher(log());
        m.find();
        this.port = Integer.parseInt(m.group(1));
        Matcher a = ADMIN.matcher(log());
        this.adminPort = a.find() ? Integer.parseInt(a.group(1)) : -1;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** @return the log, or why it cannot be read (for failure messages) */
    String logQuietly() {
        try {
            return log();
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Sends a signal, e.g. {@code TERM} or {@code HUP}, with {@code kill}. */
    void signal(String name) throws Exception {
        int status = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start()
                .waitFor();
        if (status != 0) {
            throw new IllegalStateException("kill -" + name + " failed with " + status);
        }
    }

    /** Waits until the log contains {@code text} {@code times} times or more. */
    void awaitLog(String text, int times, long timeoutSeconds) throws Exception {
        await().atMost(Duration.ofSeconds(timeoutSeconds)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertTrue(
                count(log(), text) >= times, () -> "log never had [" + text + "] " + times + " times:\n" + logQuietly()));
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the exit status, waiting at most {@code timeoutSeconds} */
    int awaitExit(long timeoutSeconds) throws Exception {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("router still running after " + timeoutSeconds + " s; log:\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
