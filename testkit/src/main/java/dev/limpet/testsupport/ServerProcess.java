package dev.limpet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real store server started by the test harness: one child process on a free loopback port, its files in a
 * temporary directory, stopped by PID ({@link Process#destroyForcibly()}, SIGKILL, so that fault tests see an
 * abrupt death) and restartable on the same port with the same data directory. Subclasses say how to prepare the
 * directory once and which command runs the server.
 *
 * <p>Not thread-safe: one test class drives one instance.
 */
public abstract class ServerProcess implements AutoCloseable {

    private final String name;
    private final Path dir;
    private final int port;
    private Process process;

    /**
     * @param name a short name for messages and the temp directory prefix
     * @throws UncheckedIOException if the directory or the free port cannot be had
     */
    protected ServerProcess(String name) {
        this.name = name;
        try {
            this.dir = Files.createTempDirectory("limpet-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = freePort();
    }

    /** @return the loopback port the server listens on */
    public final int port() {
        return port;
    }

    /** @return the temporary directory holding the server's data and log */
    public final Path dir() {
        return dir;
    }

    /** @return whether the server process is alive */
    public final boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return the command line that runs the server in the foreground */
    protected abstract List<String> command();

    /** Prepares the data directory before the first start (default: nothing). */
    protected void prepare() throws IOException, InterruptedException {
    }

    /** Runs once the port accepts connections, after every start (default: nothing). */
    protected void afterStart() throws IOException, InterruptedException {
    }

    /** @return how long the server may take to accept connections */
    protected Duration startTimeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Starts the server (preparing the directory the first time) and waits until its port accepts connections.
     *
     * @return this
     * @throws IllegalStateException if it exits or does not listen in time; the message ends with its log
     */
    public final ServerProcess start() {
        try {
            if (process == null) {
                prepare();
            }
            Path log = dir.resolve(name + ".log");
            process = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            awaitPort(log);
            afterStart();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    /**
     * Kills the server by PID (SIGKILL), then the children it had (a postmaster's backends), and waits for all of
     * them to exit; the data directory stays.
     */
    public final void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " pid " + process.pid() + " did not exit after SIGKILL");
            }
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + ": a child process did not exit after SIGKILL", e);
        }
    }

    /**
     * Runs a helper command to completion (e.g. {@code initdb}), output appended to the server log.
     *
     * @param timeout how long it may take
     * @param command the command line
     * @throws IllegalStateException if it fails or times out; the message ends with the log
     */
    protected final void run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        Process helper = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!helper.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            helper.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + timeout + ": " + tail(log));
        }
        if (helper.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + helper.exitValue() + ": " + tail(log));
        }
    }

    /** @return whether this JVM runs as root (servers that refuse root are then run as their own user) */
    protected static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * @return the server's process id
     * @throws IllegalStateException if it was never started
     */
    public final long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /**
     * Freezes the server by PID (SIGSTOP): it keeps its port and connections but answers nothing, like a hung
     * or partitioned server. {@link #resume()} undoes it.
     */
    public final void suspend() {
        signal("-STOP");
    }

    /** Lets a {@link #suspend() suspended} server run again (SIGCONT). */
    public final void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@link #stop()} then {@link #start()} on the same port and directory. */
    public final void restart() {
        stop();
        start();
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stop();
        deleteTree(dir);
    }

    private void awaitPort(Path log) {
        try {
            Readiness.await(process, name, startTimeout(), 50, () -> tail(log), () -> Readiness.listening(port));
        } catch (IllegalStateException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String tail(Path log) {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /**
     * @param binary a program name
     * @param installHint the package to install, for the message
     * @return the program's path on {@code PATH}
     * @throws IllegalStateException naming the {@code apt-get} command if it is missing
     */
    protected static String requireBinary(String binary, String installHint) {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(entry, binary);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String extra : List.of("/usr/sbin", "/sbin")) {
            Path candidate = Path.of(extra, binary);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(binary + " is not installed: apt-get install -y " + installHint);
    }

    /** @return a port that was free a moment ago on 127.0.0.1 */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }
}
