package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each persistence method the Tomcat side feeds keeps a user on the node that holds their session. */
class StickinessIT {

    private static final Pattern REWRITTEN = Pattern.compile("action=\"/cart/cart;jsessionid=([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void theSignedBackendCookieAloneKeepsAUserOnOneNodeFor100Requests() throws Exception {
        try (Farm farm = Farm.start(dir, Farm.THREE_NODES, "[backend-cookie]")) {
            Browser user = new Browser();
            String node = servedBy(user.get(farm.cart("/cart.txt")));
            user.post(farm.cart("/cart"), "action=add&item=Tide+table+2027&quantity=3");
            assertEquals(node, farm.backendCodec().read(user.cookie("X-Backend").orElseThrow(), now()).orElseThrow().route());
            for (int i = 0; i < 100; i++) {
                var response = user.get(farm.cart("/cart.txt"));
                assertEquals(node, servedBy(response), "request " + i);
                assertTrue(response.body().endsWith("Tide table 2027\t3\n"), response.body());
            }
            assertTrue(user.cookie("LIMPET").isEmpty(), "router-cookie is not configured: X-Backend did the pinning");

            Set<String> withoutBackendCookie = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                Browser sessionOnly = new Browser().withCookie("JSESSIONID", user.cookie("JSESSIONID").orElseThrow());
                withoutBackendCookie.add(servedBy(sessionOnly.get(farm.cart("/health"))));
            }
            assertTrue(withoutBackendCookie.size() > 1, "without X-Backend the same user is balanced: " + withoutBackendCookie);
        }
    }

    @Test
    void theJvmRouteInTheSessionCookieKeepsAUserOnOneNode() throws Exception {
        try (Farm farm = Farm.start(dir, Farm.THREE_NODES, "[jsessionid]")) {
            Browser user = new Browser();
            String node = servedBy(user.get(farm.cart("/cart.txt")));
            assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith("." + node));
            user.post(farm.cart("/cart"), "action=add&item=Rock+pool+guide&quantity=1");
            for (int i = 0; i < 30; i++) {
                user.withoutCookie("X-Backend");
                var response = user.get(farm.cart("/cart.txt"));
                assertEquals(node, servedBy(response), "request " + i);
                assertTrue(response.body().endsWith("Rock pool guide\t1\n"), response.body());
            }
        }
    }

    @Test
    void theJvmRouteInRewrittenUrlsKeepsACookielessUserOnOneNode() throws Exception {
        try (Farm farm = Farm.start(dir, Farm.THREE_NODES, "[jsessionid]")) {
            var page = new Browser().get(farm.cart("/cart"));
            String node = servedBy(page);
            Matcher rewritten = REWRITTEN.matcher(page.body());
            assertTrue(rewritten.find(), page.body());
            String sessionId = rewritten.group(1);
            assertTrue(sessionId.endsWith("." + node), sessionId);
            String url = farm.cart("/cart;jsessionid=" + sessionId);
            assertEquals(node, servedBy(new Browser().post(url, "action=add&item=Lighthouse+postcard+set&quantity=2")));
            for (int i = 0; i < 30; i++) {
                var response = new Browser().get(farm.cart("/cart.txt;jsessionid=" + sessionId));
                assertEquals(node, servedBy(response), "request " + i);
                assertTrue(response.body().endsWith("Lighthouse postcard set\t2\n"), response.body());
            }
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
