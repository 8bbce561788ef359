package dev.limpet.router;

import static org.awaitility.Awaitility.await;

import dev.limpet.router.ws.WsNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link WsNode} in its own JVM, so that a test can kill it as a crashing node dies (SIGKILL). The node binds a
 * free port itself and prints it ({@code listening <port>}): a port picked here and handed over would be free
 * only until the child binds it, and on a busy machine another process may take it meanwhile.
 */
final class NodeProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("(?m)^listening (\\d+)\\r?\\n");

    private final Process process;
    private final Path output;
    private volatile int port;

    private NodeProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static NodeProcess start(String route) throws Exception {
        Path output = Files.createTempFile("limpet-node-" + route, ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WsNode.class.getName(),
                route, "0", RouterFixture.SECRET).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        NodeProcess node = new NodeProcess(p, output);
        try {
            await("node process listens").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast("node process exited", () -> !p.isAlive()).until(node::listening);
            return node;
        } catch (RuntimeException notStarted) {
            node.close();
            throw notStarted;
        }
    }

    /** @return whether the node printed the port it listens on (a whole line, once its server has started) */
    private boolean listening() throws IOException {
        Matcher m = LISTENING.matcher(Files.readString(output, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return false;
        }
        port = Integer.parseInt(m.group(1));
        return true;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        kill();
        Files.deleteIfExists(output);
    }
}
