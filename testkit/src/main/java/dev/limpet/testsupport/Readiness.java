package dev.limpet.testsupport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for a freshly started server process to be ready (with Awaitility), failing at once with the process's
 * output if it exits first, or after the timeout with the same output. Stateless and thread-safe.
 */
public final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /**
     * Polls {@code ready} every {@code pollMillis} until it returns {@code true}.
     *
     * @param process    the server process; its exit ends the wait with an {@link IllegalStateException}
     * @param name       the server's name, for messages
     * @param timeout    the longest wait
     * @param pollMillis the pause between probes, in milliseconds
     * @param output     what the server printed so far, read only for a failure message
     * @param ready      the probe; exceptions it throws propagate
     * @throws IllegalStateException if the process exits or the timeout passes, with the server's output
     */
    public static void await(Process process, String name, Duration timeout, long pollMillis, Supplier<String> output,
            Callable<Boolean> ready) {
        try {
            Awaitility.await(name + " ready").atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(pollMillis)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
                                    + output.get());
                        }
                        return ready.call();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + output.get(), e);
        }
    }

    /**
     * @return whether a TCP connection to {@code 127.0.0.1:port} is accepted within 200 ms
     */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * @return whether {@code url} answers 200 within 5 seconds; {@code false} while nothing listens
     * @throws IOException          on any other I/O failure
     * @throws InterruptedException if interrupted
     */
    public static boolean servesOk(String url) throws IOException, InterruptedException {
        try {
            HttpRequest health = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException | HttpTimeoutException notYet) {
            return false;
        }
    }
}
