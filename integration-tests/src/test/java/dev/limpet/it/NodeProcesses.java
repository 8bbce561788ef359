package dev.limpet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the distribution node launchers ({@link TomcatProcess}, {@link JettyProcess}) share. Stateless. */
final class NodeProcesses {

    /** Longest wait for a node to serve its health page. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private NodeProcesses() {
    }

    /** @return a loopback port free now */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until {@code healthUrl} answers 200.
     *
     * @throws AssertionError with the node's console if it exits or does not answer within {@link #START_TIMEOUT}
     */
    static void awaitHealthy(Process process, String healthUrl, String name, Path console)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + read(console));
            }
            try {
                HttpRequest health = HttpRequest.newBuilder(URI.create(healthUrl)).timeout(Duration.ofSeconds(5)).build();
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException | java.net.http.HttpTimeoutException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not serve " + healthUrl + " within " + START_TIMEOUT + ":\n" + read(console));
    }

    /** @return what a node printed so far */
    static String read(Path console) {
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a node with SIGTERM (its shutdown hook stops it cleanly), forcibly after 30 seconds. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
