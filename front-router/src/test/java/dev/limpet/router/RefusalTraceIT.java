package dev.limpet.router;

import static dev.limpet.router.RouterFixture.node;
import static dev.limpet.router.RouterFixture.setCookie;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict, sorry and close refusals of a session whose node is down still name that favoured node: in
 * {@code X-Limpet-Route} ({@code pinned=}) and in the access log ({@code F=}), real HTTP to real Jetty backends.
 */
class RefusalTraceIT {

    @TempDir
    Path dir;

    private RouterFixture fx;

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void refusalsKeepTheFavouredNode() throws Exception {
        fx = new RouterFixture("node1", "node2");
        Path log = dir.resolve("access.log");
        fx.start(dir, """
                routeHeader: true
                persistence: [{method: learn-cookie, name: JSESSIONID}]
                classes:
                  - {path: /strict/, persistence: [{method: learn-cookie, name: JSESSIONID}], onFailure: strict}
                  - {path: /sorry/, persistence: [{method: learn-cookie, name: JSESSIONID}], onFailure: sorry}
                  - {path: /close/, persistence: [{method: learn-cookie, name: JSESSIONID}], onFailure: close}
                accessLog:
                  file: %s
                """.formatted(log));
        HttpResponse<String> strictFirst = fx.get("/strict/a?setCookie=JSESSIONID");
        HttpResponse<String> sorryFirst = fx.get("/sorry/a?setCookie=JSESSIONID");
        HttpResponse<String> closeFirst = fx.get("/close/a?setCookie=JSESSIONID");
        String home = node(strictFirst);
        // Stop both nodes: every pinned request is refused, whichever node it was pinned to.
        fx.backend("node1").stop();
        fx.backend("node2").stop();
        HttpResponse<String> strict = fx.get("/strict/a", "Cookie", setCookie(strictFirst, "JSESSIONID"));
        assertEquals(503, strict.statusCode());
        assertTrue(strict.headers().firstValue("X-Limpet-Route").orElseThrow().contains("pinned=" + home),
                strict.headers().map().toString());
        HttpResponse<String> sorry = fx.get("/sorry/a", "Cookie", setCookie(sorryFirst, "JSESSIONID"));
        assertEquals(503, sorry.statusCode());
        assertTrue(sorry.headers().firstValue("X-Limpet-Route").orElseThrow().contains("pinned=" + node(sorryFirst)),
                sorry.headers().map().toString());
        assertThrows(IOException.class, () -> fx.get("/close/a", "Cookie", setCookie(closeFirst, "JSESSIONID")));
        String text = await("the access log records the three refusals").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(log) ? Files.readString(log) : "",
                        t -> t.contains("/strict/a\" 503") && t.contains("/sorry/a\" 503") && t.contains("/close/a\""));
        for (String line : text.split("\n")) {
            if (line.contains("/strict/a\" 503")) {
                assertTrue(line.contains(" F=" + home + " "), line);
            } else if (line.contains("/sorry/a\" 503")) {
                assertTrue(line.contains(" F=" + node(sorryFirst) + " "), line);
            } else if (line.contains("/close/a\"") && !line.contains("\" 200 ")) {
                assertTrue(line.contains(" F=" + node(closeFirst) + " "), line);
            }
        }
        assertTrue(text.contains("/close/a\""), text);
    }
}
