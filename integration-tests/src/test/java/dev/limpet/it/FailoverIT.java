package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped node's users are served by another node, which re-pins them and learns where they came from. */
class FailoverIT {


    @TempDir
    Path dir;

    @Test
    void aStoppedNodesUserMovesToAnotherNodeAndIsRepinnedThere() throws Exception {
        try (Farm farm = Farm.start(dir, Farm.THREE_NODES, "[backend-cookie, jsessionid, router-cookie]")) {
            Browser user = new Browser();
            String old = servedBy(user.get(farm.cart("/cart.txt")));
            user.post(farm.cart("/cart"), "action=add&item=Limpet+plush+toy&quantity=1");
            farm.stopNode(old);

            HttpResponse<String> moved = user.get(farm.cart("/cart.txt"));
            assertEquals(200, moved.statusCode());
            String now = servedBy(moved);
            assertNotEquals(old, now);
            String token = Browser.setCookie(moved, "X-Backend").orElseThrow(() -> new AssertionError("no new X-Backend"));
            assertEquals(now, farm.backendCodec().read(token, System.currentTimeMillis() / 1000).orElseThrow().route());
            assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith("." + now));
            assertTrue(farm.previousRoutesSeenBy(now).contains(old),
                    "the new node was told the previous route: " + farm.previousRoutesSeenBy(now));
            assertFalse(moved.body().contains("Limpet plush toy"), "no session store yet: the cart is gone");

            int seenBefore = farm.previousRoutesSeenBy(now).size();
            for (int i = 0; i < 10; i++) {
                assertEquals(now, servedBy(user.get(farm.cart("/cart.txt"))), "re-pinned, request " + i);
            }
            List<String> after = farm.previousRoutesSeenBy(now).subList(seenBefore, seenBefore + 10);
            assertEquals(List.of("", "", "", "", "", "", "", "", "", ""), after, "no failover once re-pinned");
        }
    }
}
