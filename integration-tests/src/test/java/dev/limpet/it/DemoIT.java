package dev.limpet.it;

import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.demo.Demo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
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
}
