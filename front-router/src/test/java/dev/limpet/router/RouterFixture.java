package dev.limpet.router;

import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.router.config.RouterConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared plumbing of the router ITs: a secret, real Jetty backends, a router on port 0, a JDK HTTP client. */
final class RouterFixture implements AutoCloseable {

    static final String SECRET = "router-it-secret-0123456789abcdef";

    final MasterSecrets secrets = MasterSecrets.parse(SECRET, "test");
    final List<TestBackend> backends = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    LimpetRouter router;

    RouterFixture(String... routes) throws Exception {
        for (String route : routes) {
            backends.add(new TestBackend(route, secrets));
        }
    }

    TestBackend backend(String route) {
        return backends.stream().filter(b -> b.route().equals(route)).findFirst().orElseThrow();
    }

    /** @return YAML for these backends with the given extra lines (persistence etc.) */
    String yaml(Path dir, String extra) throws Exception {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, SECRET + "\n");
        StringBuilder y = new StringBuilder("listen: 127.0.0.1:0\nsecretFile: " + secretFile + "\nbackends:\n");
        for (TestBackend b : backends) {
            y.append("  - route: ").append(b.route()).append("\n    url: ").append(b.url()).append('\n');
        }
        return y.append(extra).toString();
    }

    LimpetRouter start(Path dir, String extra) throws Exception {
        return start(dir, extra, InstantSource.system());
    }

    LimpetRouter start(Path dir, String extra, InstantSource clock) throws Exception {
        router = LimpetRouter.start(RouterConfig.fromYaml(yaml(dir, extra), Map.of(), dir), clock);
        return router;
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        return get(http, router.port(), pathAndQuery, headers);
    }

    /** @return the answer to a plain GET of {@code http://127.0.0.1:port<pathAndQuery>} (20 s timeout) */
    static HttpResponse<String> get(HttpClient http, int port, String pathAndQuery, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** @return the {@code name=value} part of the response's Set-Cookie for {@code name}, or null */
    static String setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst().orElse(null);
    }

    static String node(HttpResponse<?> response) {
        return response.headers().firstValue("X-Node").orElse(null);
    }

    @Override
    public void close() throws Exception {
        if (router != null) {
            router.close();
        }
        for (TestBackend b : backends) {
            b.close();
        }
    }
}
