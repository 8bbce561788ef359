package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.token.TokenVectors;
import dev.limpet.core.token.TokenVectors.Vector;
import dev.limpet.router.config.RouterConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared affinity-token vectors (core's test-jar) through a real router with a fixed clock at each vector's
 * "now": valid vectors pin every request to their route, every invalid one is ignored (served, not pinned).
 * Each vector's token is sent in the cookie its purpose names, with the vector's secrets and cookie name.
 */
class TokenVectorsIT {

    private static final List<TestBackend> BACKENDS = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startBackends() throws Exception {
        for (String route : new String[] {"node1", "node2", "node_3-a"}) {
            BACKENDS.add(new TestBackend(route, null));
        }
    }

    @AfterAll
    static void stopBackends() throws Exception {
        for (TestBackend b : BACKENDS) {
            b.close();
        }
    }

    @Test
    void validVectorsPinEveryRequestToTheirRoute() throws Exception {
        List<Vector> valid = TokenVectors.valid();
        assertTrue(valid.stream().anyMatch(v -> v.purpose() == KeyPurpose.BACKEND_COOKIE));
        for (Vector v : valid) {
            assertEquals(Set.of(v.route()), nodesServing(v), v.name());
        }
    }

    @Test
    void invalidVectorsAreIgnoredAndStillServed() throws Exception {
        for (Vector v : TokenVectors.invalid()) {
            assertEquals(Set.of("node1", "node2", "node_3-a"), nodesServing(v), v.name());
        }
    }

    /** @return the nodes that served 6 requests carrying the vector's token through a router set up for it */
    private static Set<String> nodesServing(Vector v) throws Exception {
        boolean backend = v.purpose() == KeyPurpose.BACKEND_COOKIE;
        StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\nsecretEnv: LIMPET_VECTOR_SECRET\n")
                .append("persistence: [").append(backend ? "backend-cookie" : "router-cookie").append("]\n")
                .append(backend ? "backendCookieName: " : "routerCookieName: ").append(v.cookieName()).append('\n')
                .append("backends:\n");
        for (TestBackend b : BACKENDS) {
            yaml.append("  - {route: ").append(b.route()).append(", url: '").append(b.url()).append("'}\n");
        }
        RouterConfig config = RouterConfig.fromYaml(yaml.toString(), Map.of("LIMPET_VECTOR_SECRET", v.secrets()),
                java.nio.file.Path.of(""));
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(v.nowSeconds()));
        Set<String> nodes = new HashSet<>();
        try (LimpetRouter router = LimpetRouter.start(config, clock)) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + router.port() + "/"))
                        .header("Cookie", v.cookieName() + "=" + v.token()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), v.name());
                nodes.add(node(r));
            }
        }
        return nodes;
    }
}
