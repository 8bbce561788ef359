package dev.limpet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.store.testkit.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misconfigured valve stops its webapp from starting, with one message naming every problem — what an
 * administrator sees in catalina.out — instead of a webapp that runs without stickiness.
 */
class ValveStartFailureIT {

    @TempDir
    Path dir;

    @Test
    void withoutRouteAndSecretTheWebappDoesNotStartAndTheLogSaysWhy() throws Exception {
        Path contextXml = Files.writeString(dir.resolve("context.xml"),
                "<Context><Valve className=\"dev.limpet.tomcat.BackendCookieValve\"/></Context>");
        LogCapture log = new LogCapture("");
        Tomcat tomcat = new Tomcat();
        try {
            tomcat.setBaseDir(dir.resolve("base").toString());
            tomcat.setAddDefaultWebXmlToWebapp(false);
            tomcat.setPort(0);
            Files.createDirectories(dir.resolve("base/webapps"));
            Context context = tomcat.addWebapp("/cart", ItFiles.cartWar().toString());
            context.setConfigFile(contextXml.toUri().toURL());
            tomcat.getConnector();
            try {
                tomcat.start();
            } catch (LifecycleException expected) {
                log.add(expected);
            }
            assertEquals(LifecycleState.FAILED, context.getState());
            String expected = "BackendCookieValve of [/cart] cannot start: no route: set the valve's route attribute"
                    + " or the Engine's jvmRoute (server.xml <Engine jvmRoute=\"node1\">); no secret: set secretFile";
            assertTrue(log.lines().stream().anyMatch(line -> line.contains(expected)), String.join("\n", log.lines()));
        } finally {
            log.close();
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
