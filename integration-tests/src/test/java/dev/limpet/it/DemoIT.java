package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.demo.Demo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo (samples/demo) on a free port, driven as its banner tells a user to. */
class DemoIT {

    @Test
    void usersStayOnTheirNodeAndMoveWhenItStopsAndTheSecretIsDeletedAtTheEnd() throws Exception {
        Path secret;
        try (Demo demo = Demo.start(0)) {
            secret = demo.secretFile();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));

            Browser user = new Browser();
            String first = servedBy(user.get(demo.cartUrl() + "cart.txt"));
            user.post(demo.cartUrl() + "cart", "action=add&item=Rock+pool+guide&quantity=2");
            for (int i = 0; i < 10; i++) {
                assertEquals(first, servedBy(user.get(demo.cartUrl() + "cart.txt")));
            }
            assertTrue(user.get(demo.cartUrl() + "cart.txt").body().contains("Rock pool guide\t2"));

            Set<String> spread = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                spread.add(servedBy(new Browser().get(demo.cartUrl() + "health")));
            }
            assertEquals(Set.copyOf(Demo.ROUTES), spread, "new visitors are spread over all nodes");

            assertTrue(demo.stopNode(first));
            String second = servedBy(user.get(demo.cartUrl() + "cart.txt"));
            assertNotEquals(first, second);
            assertEquals(second, servedBy(user.get(demo.cartUrl() + "cart.txt")), "re-pinned to the new node");
            assertTrue(user.get(demo.cartUrl() + "cart.txt").body().contains("Rock pool guide\t2"),
                    "as the demo says: the stopped node's cart survives through the shared session store");
            assertTrue(demo.startNode(first));
            assertEquals(3, demo.runningNodes().size());
        }
        assertFalse(Files.exists(secret), "the demo's secret is deleted at close");
        assertFalse(Files.exists(secret.getParent()), "and so is its working directory");
    }

    @Test
    void theJettyVariantKeepsTheCartWhenTheServingNodeStops() throws Exception {
        try (Demo demo = Demo.start(0, true)) {
            Browser user = new Browser();
            user.post(demo.cartUrl() + "cart", "action=add&item=Rock+pool+guide&quantity=2");
            HttpResponse<String> page = user.get(demo.cartUrl());
            String first = servedBy(page);
            assertTrue(page.body().contains("demo-nodes"), "the node panel is on the page");
            assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith("." + first), "Jetty's worker name is the route");
            assertTrue(user.cookie("X-Backend").isPresent());
            for (int i = 0; i < 5; i++) {
                assertEquals(first, servedBy(user.get(demo.cartUrl() + "cart.txt")));
            }
            assertTrue(demo.stopNode(first));
            HttpResponse<String> after = user.get(demo.cartUrl() + "cart.txt");
            String second = servedBy(after);
            assertNotEquals(first, second);
            assertTrue(after.body().contains("Rock pool guide\t2"), after.body());
            assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith("." + second), "id re-issued");
            assertEquals(second, servedBy(user.get(demo.cartUrl() + "cart.txt")), "re-pinned to the new node");
            assertTrue(demo.startNode(first));
        }
    }

    @Test
    void theCartPageButtonsStopTheServingNodeAndTheCartSurvivesAndRefuseForgedRequests() throws Exception {
        try (Demo demo = Demo.start(0)) {
            Browser user = new Browser();
            user.get(demo.cartUrl());
            user.post(demo.cartUrl() + "cart", "action=add&item=Tide+table+2027&quantity=3");
            HttpResponse<String> page = user.get(demo.cartUrl());
            String first = servedBy(page);
            assertTrue(page.body().contains("<tr id=\"node-" + first + "\"><td>" + first + " (serving you)"),
                    page.body());
            String stop = action(page.body(), first, "stop");
            String token = token(page.body());
            String routerOrigin = "http://127.0.0.1:" + demo.routerPort();

            assertEquals(405, user.get(stop).statusCode(), "a GET never changes anything");
            assertEquals("POST", user.get(stop).headers().firstValue("Allow").orElse(""));
            assertEquals(403, user.post(stop, "", "Origin", routerOrigin).statusCode(), "no token");
            assertEquals(403, user.post(stop, "token=" + token.substring(1), "Origin", routerOrigin).statusCode());
            assertEquals(403, user.post(stop, "token=" + token, "Origin", "http://evil.example").statusCode(),
                    "a form on another site");
            assertEquals(403, user.post(stop, "token=" + token, "Referer", "http://evil.example/x").statusCode());
            assertEquals(403, statusOfRebound(URI.create(stop), "token=" + token), "a DNS-rebound Host");
            assertEquals(404, user.post(demo.controlUrl() + "/nodes/node9/stop", "token=" + token).statusCode());
            assertEquals(3, demo.runningNodes().size(), "nothing refused stopped a node");

            HttpResponse<String> stopped = user.post(stop, "token=" + token, "Origin", routerOrigin);
            assertEquals(303, stopped.statusCode(), stopped.body());
            assertEquals(demo.cartUrl(), stopped.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> after = user.get(stopped.headers().firstValue("Location").orElseThrow());
            String second = servedBy(after);
            assertNotEquals(first, second, "the router sends the user of the stopped node to another node");
            assertTrue(after.body().contains("<td>Tide table 2027</td><td class=\"q\">3</td>"),
                    "with the same cart: " + after.body());
            assertTrue(after.body().contains("<tr id=\"node-" + first + "\"><td>" + first
                    + "</td><td class=\"state\">stopped</td>"), after.body());
            assertEquals(second, servedBy(user.get(demo.cartUrl() + "cart.txt")));

            HttpResponse<String> started = user.post(action(after.body(), first, "start"), "token=" + token,
                    "Referer", demo.cartUrl());
            assertEquals(303, started.statusCode(), started.body());
            assertEquals(3, demo.runningNodes().size());
            assertFalse(user.get(demo.cartUrl()).body().contains("<td class=\"state\">stopped"));
        }
    }

    private static String action(String page, String route, String verb) {
        Matcher form = Pattern.compile("action=\"(http://127\\.0\\.0\\.1:\\d+/nodes/" + route + "/" + verb + ")\"")
                .matcher(page);
        assertTrue(form.find(), () -> "no " + verb + " button for " + route + " in " + page);
        return form.group(1);
    }

    private static String token(String page) {
        Matcher token = Pattern.compile("name=\"token\" value=\"([A-Za-z0-9_-]{43})\"").matcher(page);
        assertTrue(token.find(), page);
        return token.group(1);
    }

    /** @return the status of a POST with the right token whose Host names another site (HttpClient sets Host) */
    private static int statusOfRebound(URI action, String form) throws IOException {
        try (Socket socket = new Socket(action.getHost(), action.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + action.getPath() + " HTTP/1.1\r\nHost: rebound.example:"
                    + action.getPort() + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + form.length() + "\r\nConnection: close\r\n\r\n" + form).getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
