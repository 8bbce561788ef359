package dev.limpet.router;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes discovery in the real router jar against fabric8's mock API server (CRUD mode, real HTTP and
 * watches): the EndpointSlices of a Service name three pods, each a real Jetty backend on its own loopback
 * address. A pod becoming terminating-but-serving drains (its sticky users stay, new users go elsewhere), a new
 * pod gets new users, a deleted pod's users move.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesDiscoveryProcessIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void terminatingPodsDrainNewPodsGetUsersDeletedPodsUsersMove(@TempDir Path dir) throws Exception {
        try (RouterFixture secrets = new RouterFixture();
             TestBackend a = new TestBackend("tomcat-a", null, "127.0.0.2", 0);
             TestBackend b = new TestBackend("tomcat-b", null, "127.0.0.3", port(a));
             TestBackend c = new TestBackend("tomcat-c", null, "127.0.0.4", port(a))) {
            int port = port(a);
            publish(port, endpoint("tomcat-a", "127.0.0.2", true, false), endpoint("tomcat-b", "127.0.0.3", true, false));
            Path config = dir.resolve("router.yaml");
            Files.writeString(config, secrets.yaml(dir, "").replaceAll("(?s)backends:.*", "")
                    + "persistence: [router-cookie]\n"
                    + "discovery:\n  kubernetes: {namespace: shop, service: tomcat, port: http}\n"
                    + AdminClient.yaml(dir));
            try (RouterProcess router = new RouterProcess(config, dir.resolve("router.log"), List.of(
                    "-Dkubernetes.master=" + server.url("/"), "-Dkubernetes.auth.tryKubeConfig=false",
                    "-Dkubernetes.auth.tryServiceAccount=false", "-Dkubernetes.namespace=default"))) {
                AdminClient admin = new AdminClient(router.adminPort);
                List<String[]> users = new ArrayList<>();
                while (users.stream().filter(u -> u[1].equals("tomcat-a")).count() < 3) {
                    HttpResponse<String> first = get(router.port, null);
                    users.add(new String[] {RouterFixture.setCookie(first, "LIMPET"), RouterFixture.node(first)});
                    assertTrue(users.size() < 40, "pod a never got users");
                }

                // Pod a is terminating but still serving (its preStop hook runs); pod c starts.
                publish(port, endpoint("tomcat-a", "127.0.0.2", false, true),
                        endpoint("tomcat-b", "127.0.0.3", true, false), endpoint("tomcat-c", "127.0.0.4", true, false));
                awaitDiscovery(() -> state(admin, "tomcat-a").equals("draining") && state(admin, "tomcat-c").equals("active"),
                        router);
                for (String[] user : users) {
                    assertEquals(user[1], RouterFixture.node(get(router.port, user[0])), "sticky users stay");
                }
                Set<String> fresh = new HashSet<>();
                for (int i = 0; i < 12; i++) {
                    fresh.add(RouterFixture.node(get(router.port, null)));
                }
                assertEquals(Set.of("tomcat-b", "tomcat-c"), fresh, "new users avoid the draining pod, reach the new one");

                // Pod a is deleted: gone from the slice.
                publish(port, endpoint("tomcat-b", "127.0.0.3", true, false), endpoint("tomcat-c", "127.0.0.4", true, false));
                awaitDiscovery(() -> state(admin, "tomcat-a").equals("absent"), router);
                for (String[] user : users) {
                    HttpResponse<String> r = get(router.port, user[0]);
                    assertEquals(200, r.statusCode());
                    String node = RouterFixture.node(r);
                    assertTrue(user[1].equals("tomcat-a") ? !node.equals("tomcat-a") : node.equals(user[1]),
                            user[1] + " -> " + node);
                }
                assertFalse(router.log().contains("Exception"), router.log());
            }
        }
    }

    private static void publish(int port, Endpoint... endpoints) {
        EndpointSlice slice = new EndpointSliceBuilder()
                .withNewMetadata().withName("tomcat-x1").withNamespace("shop")
                .withLabels(Map.of("kubernetes.io/service-name", "tomcat")).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .withEndpoints(endpoints).build();
        client.discovery().v1().endpointSlices().inNamespace("shop").resource(slice)
                .createOr(existing -> existing.update());
    }

    private static Endpoint endpoint(String pod, String address, boolean ready, boolean terminating) {
        return new EndpointBuilder().withAddresses(address)
                .withNewConditions().withReady(ready).withServing(true).withTerminating(terminating).endConditions()
                .withNewTargetRef().withKind("Pod").withName(pod).withNamespace("shop").endTargetRef().build();
    }

    private static String state(AdminClient admin, String route) {
        try {
            return admin.node(route).get("state").asText();
        } catch (Throwable notYet) {
            return "absent";
        }
    }

    private HttpResponse<String> get(int port, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static void awaitDiscovery(BooleanSupplier condition, RouterProcess router) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertTrue(
                condition.getAsBoolean(), () -> "discovery never followed the slices:\n" + router.logQuietly()));
    }

    private static int port(TestBackend backend) {
        return URI.create(backend.url()).getPort();
    }
}
