package dev.limpet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + "\n" + stackTrace(record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
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
                logged.add(stackTrace(expected));
            }
            assertEquals(LifecycleState.FAILED, context.getState());
            String expected = "BackendCookieValve of [/cart] cannot start: no route: set the valve's route attribute"
                    + " or the Engine's jvmRoute (server.xml <Engine jvmRoute=\"node1\">); no secret: set secretFile";
            assertTrue(logged.stream().anyMatch(line -> line.contains(expected)), String.join("\n", logged));
        } finally {
            root.removeHandler(capture);
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static String stackTrace(Throwable thrown) {
        if (thrown == null) {
            return "";
        }
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
