package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import dev.limpet.store.testkit.LogCapture;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reachable database answers as a configuration error (here a wrong password, H2's TCP server) is listed
 * with the manager's other configuration errors in the one message that stops the Context — not taken for an
 * outage that the node would serve through and retry forever.
 */
class ManagerStartProblemsIT {

    @TempDir
    Path dir;

    @Test
    void aWrongDatabasePasswordIsListedWithTheOtherProblemsAndTheContextDoesNotStart() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.resolve("h2").toString(), "-ifNotExists")
                .start();
        LogCapture log = new LogCapture("");
        Tomcat tomcat = new Tomcat();
        try {
            String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/secured";
            DriverManager.getConnection(url, "owner", "right-password").close();
            tomcat.setBaseDir(dir.resolve("base").toString());
            tomcat.setPort(0);
            tomcat.getEngine().setJvmRoute("node1");
            Context app = tomcat.addContext("/app", null);
            LimpetSessionManager manager = new LimpetSessionManager();
            manager.setStoreUri(url + ";USER=owner;PASSWORD=wrong-password");
            manager.setSecretFile(dir.resolve("no-such-secret").toString());
            app.setManager(manager);
            tomcat.getConnector();
            try {
                tomcat.start();
            } catch (LifecycleException expected) {
                log.add(expected);
            }
            assertFalse(app.getState().isAvailable(), "the Context did not start: " + app.getState());
            String message = log.lines().stream().filter(line -> line.contains("LimpetSessionManager of [/app] cannot start"))
                    .findFirst().orElseThrow(() -> new AssertionError(String.join("\n", log.lines())));
            assertTrue(message.contains("no-such-secret"), message);
            assertTrue(message.contains("cannot open the store [jdbc:h2:tcp://127.0.0.1:" + h2.getPort()
                    + "/secured;USER=owner;PASSWORD=***]: the database refused the store's connection: Wrong user name"
                    + " or password"), message);
            assertFalse(String.join("\n", log.lines()).contains("wrong-password"), "the password is never logged");
        } finally {
            log.close();
            tomcat.stop();
            tomcat.destroy();
            h2.stop();
        }
    }
}
