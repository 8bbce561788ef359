package dev.limpet.router;

import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.ws.WsNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real Jetty WebSocket nodes ({@link WsNode}) behind one router at a time, for the tunnel and backend-TLS tests:
 * writes the YAML, starts the router on port 0, sends plain requests to it and closes everything.
 */
final class WsFarm implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Path dir;
    final List<WsNode> nodes = new ArrayList<>();
    LimpetRouter router;

    /** @param dir where the secret file and any relative store files live */
    WsFarm(Path dir) {
        this.dir = dir;
    }

    /** Starts a router in front of every node added so far (closing the previous router, if any). */
    LimpetRouter startRouter(String extra) throws Exception {
        return startRouter(extra, nodes.stream().map(n -> new String[] {n.route(), n.url()}).toList());
    }

    /**
     * @param extra    YAML lines after {@code listen}, {@code secretFile} and {@code backends}
     * @param backends route and URL pairs
     */
    LimpetRouter startRouter(String extra, List<String[]> backends) throws Exception {
        if (router != null) {
            router.close();
        }
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, RouterFixture.SECRET + "\n");
        StringBuilder y = new StringBuilder("listen: 127.0.0.1:0\nsecretFile: " + secretFile + "\nbackends:\n");
        for (String[] b : backends) {
            y.append("  - route: ").append(b[0]).append("\n    url: ").append(b[1]).append('\n');
        }
        router = LimpetRouter.start(RouterConfig.fromYaml(y + extra, Map.of(), dir));
        return router;
    }

    /** @return the router's answer to a plain GET */
    HttpResponse<String> get(String path, String... headers) throws Exception {
        return RouterFixture.get(HTTP, router.port(), path, headers);
    }

    @Override
    public void close() throws Exception {
        if (router != null) {
            router.close();
        }
        for (WsNode n : nodes) {
            n.close();
        }
    }
}
