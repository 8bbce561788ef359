package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.store.testkit.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class that another node would refuse is reported when the session is backed up, once per class, with the
 * attribute and the setting that admits it — not discovered at takeover. Embedded Tomcat: the test's classes
 * ({@link TestCart}) come from the JVM's class path, not from a web application's own loader, so without
 * {@code sessionAttributeValueClassNameFilter} a takeover would refuse them, as it would a class of
 * {@code $CATALINA_BASE/lib}.
 */
class RefusedClassReportIT {

    private static final String SECRET = "refused-class-report-it-secret-0001";

    @TempDir
    Path dir;

    @Test
    void theBackupReportsTheClassOnceAndTheFilterAdmitsIt() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        String storeUri = "jdbc:h2:mem:refused" + UUID.randomUUID().toString().replace("-", "");
        LogCapture log = new LogCapture(LimpetSessionManager.class.getName());
        try (ManagerNode node1 = ManagerNode.start(dir, "node1", secret, storeUri, false,
                m -> m.setSessionAttributeValueClassNameFilter(null));
             ManagerNode node2 = ManagerNode.start(dir, "node2", secret, storeUri, false,
                     m -> m.setSessionAttributeValueClassNameFilter(null))) {
            Client user = new Client();
            user.get(node1.url("/cart?add=apple"));
            user.get(node1.url("/cart?add=pear"));
            new Client().get(node1.url("/cart?add=fig"));
            node1.awaitBackups();
            List<String> carts = warnings(log).stream().filter(w -> w.contains("[" + TestCart.class.getName() + "]"))
                    .toList();
            assertEquals(1, carts.size(), "once per class: " + log.lines());
            assertTrue(carts.get(0).contains("session attribute [cart]")
                    && carts.get(0).contains("sessionAttributeValueClassNameFilter [dev\\.limpet\\.tomcat\\.TestCart|"),
                    carts.get(0));

            assertEquals("[]", Client.items(user.get(node2.url("/cart"))), "what the warning announced");
            assertEquals(1, node2.manager().getUnreadableSessions());
        } finally {
            log.close();
        }
        try (LogCapture again = new LogCapture(LimpetSessionManager.class.getName());
             ManagerNode node = ManagerNode.start(dir, "node3", secret, storeUri, false, m -> { })) {
            new Client().get(node.url("/cart?add=apple"));
            node.awaitBackups();
            assertEquals(List.of(), warnings(again), "the filter admits the test's classes: nothing to report");
        }
    }

    private static List<String> warnings(LogCapture log) {
        return log.lines().stream().filter(line -> line.contains("would refuse")).toList();
    }
}
