package dev.limpet.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Talks to a router's admin listener over real HTTP, with or without the bearer token. */
final class AdminClient {

    static final String TOKEN = "admin-token-0123456789abcdef";

    /** @return the YAML block of an admin listener on a free loopback port, {@link #TOKEN} in a file in {@code dir} */
    static String yaml(Path dir) throws Exception {
        Path file = dir.resolve("admin-token");
        Files.writeString(file, TOKEN + "\n");
        return "admin:\n  listen: 127.0.0.1:0\n  tokenFile: " + file + "\n";
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    AdminClient(LimpetRouter router) {
        this(router.adminPort());
    }

    AdminClient(int port) {
        this.port = port;
    }

    /** DELETE with the right token. */
    HttpResponse<String> delete(String path) throws Exception {
        return send(builder(path, "Authorization", "Bearer " + TOKEN).DELETE());
    }

    /** POST with the right token. */
    HttpResponse<String> post(String path, String body) throws Exception {
        return send(builder(path, "Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(builder(path, headers).GET());
    }

    HttpResponse<String> put(String path, String body, String... headers) throws Exception {
        return send(builder(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** PUT with the right token. */
    HttpResponse<String> change(String path, String body) throws Exception {
        return put(path, body, "Authorization", "Bearer " + TOKEN);
    }

    /** @return the node's entry of {@code GET /nodes} */
    JsonNode node(String route) throws Exception {
        for (JsonNode node : JSON.readTree(get("/nodes").body())) {
            if (node.get("route").asText().equals(route)) {
                return node;
            }
        }
        throw new AssertionError("no node " + route);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        return headers.length > 0 ? b.headers(headers) : b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
