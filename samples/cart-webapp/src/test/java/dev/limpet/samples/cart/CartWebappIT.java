package dev.limpet.samples.cart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The webapp as deployed from src/main/webapp (its real web.xml) in embedded Tomcat, over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CartWebappIT {

    private static final Pattern SESSION = Pattern.compile("session=([^\\n]+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private Tomcat tomcat;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) throws LifecycleException {
        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.toString());
        tomcat.setPort(0);
        tomcat.getEngine().setJvmRoute("nodeA");
        Context context = tomcat.addWebapp("/cart", Path.of("src/main/webapp").toAbsolutePath().toString());
        context.addParameter(NodeName.NODE_PARAMETER, "nodeA");
        tomcat.getConnector();
        tomcat.start();
        base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/cart";
    }

    @AfterAll
    void stop() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private static String sessionOf(HttpResponse<String> text) {
        Matcher m = SESSION.matcher(text.body());
        assertTrue(m.find(), text.body());
        return m.group(1);
    }

    @Test
    void everyPageNamesTheNodeInTheHeaderAndTheBody() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/")));
        assertEquals(200, page.statusCode());
        assertEquals("nodeA", page.headers().firstValue("X-Served-By").orElseThrow());
        assertTrue(page.body().contains("<span class=\"node\" id=\"node\">served by nodeA</span>"), page.body());
        assertTrue(page.body().contains("<code id=\"session\">"), page.body());
        assertTrue(page.headers().firstValue("Set-Cookie").orElseThrow().contains(".nodeA"));
    }

    @Test
    void theCartKeepsItsItemsAcrossRequestsWithACookie() throws Exception {
        HttpResponse<String> first = send(HttpRequest.newBuilder(URI.create(base + "/cart.txt")));
        String cookie = "JSESSIONID=" + sessionOf(first);
        HttpResponse<String> added = send(post(base + "/cart", "action=add&item=Rock+pool+guide&quantity=2")
                .header("Cookie", cookie));
        assertEquals(303, added.statusCode());
        assertEquals("/cart/cart", added.headers().firstValue("Location").orElseThrow(), "a relative redirect: right behind a proxy");
        assertEquals("nodeA", added.headers().firstValue("X-Served-By").orElseThrow());
        send(post(base + "/cart", "action=add&item=Rock+pool+guide&quantity=1").header("Cookie", cookie));
        HttpResponse<String> text = send(HttpRequest.newBuilder(URI.create(base + "/cart.txt")).header("Cookie", cookie));
        assertEquals("node=nodeA\nsession=" + cookie.substring(11) + "\nRock pool guide\t3\n", text.body());
        send(post(base + "/cart", "action=clear").header("Cookie", cookie));
        text = send(HttpRequest.newBuilder(URI.create(base + "/cart.txt")).header("Cookie", cookie));
        assertEquals("node=nodeA\nsession=" + cookie.substring(11) + "\n", text.body());
    }

    @Test
    void withoutCookiesTheSessionTravelsInRewrittenUrls() throws Exception {
        HttpResponse<String> first = send(HttpRequest.newBuilder(URI.create(base + "/cart")));
        String id = first.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst("^JSESSIONID=([^;]+).*$", "$1");
        assertTrue(first.body().contains("action=\"/cart/cart;jsessionid=" + id + "\""), first.body());
        HttpResponse<String> added = send(post(base + "/cart;jsessionid=" + id, "action=add&item=Tide+table+2027&quantity=1"));
        assertEquals(303, added.statusCode());
        assertTrue(added.headers().firstValue("Location").orElseThrow().endsWith("/cart/cart;jsessionid=" + id));
        HttpResponse<String> text = send(HttpRequest.newBuilder(URI.create(base + "/cart.txt;jsessionid=" + id)));
        assertTrue(text.body().endsWith("Tide table 2027\t1\n"), text.body());
    }

    @Test
    void theHealthCheckAnswersWithoutCreatingASession() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/health")));
        assertEquals(200, health.statusCode());
        assertEquals("ok node=nodeA\n", health.body());
        assertEquals("nodeA", health.headers().firstValue("X-Served-By").orElseThrow());
        assertTrue(health.headers().allValues("Set-Cookie").isEmpty(), health.headers().toString());
    }

    @Test
    void badInputIsA400WithAMessageNeverA500() throws Exception {
        for (String form : new String[] {"action=add&item=Submarine&quantity=1", "action=add&item=Rock+pool+guide&quantity=x",
                "action=add&item=Rock+pool+guide&quantity=500", "action=sell", ""}) {
            HttpResponse<String> response = send(post(base + "/cart", form));
            assertEquals(400, response.statusCode(), form);
            assertTrue(response.body().contains("class=\"problem\""), form);
        }
    }
}
