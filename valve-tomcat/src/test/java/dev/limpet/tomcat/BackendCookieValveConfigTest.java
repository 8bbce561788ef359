package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardEngine;
import org.apache.catalina.core.StandardHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attribute validation at start: every problem in one clear LifecycleException. */
class BackendCookieValveConfigTest {

    private static final String SECRET = "a-test-secret-of-enough-length-01";

    @TempDir
    Path dir;

    private static BackendCookieValve valveIn(String jvmRoute) {
        StandardEngine engine = new StandardEngine();
        engine.setName("test-engine");
        engine.setJvmRoute(jvmRoute);
        StandardHost host = new StandardHost();
        host.setName("localhost");
        engine.addChild(host);
        StandardContext context = new StandardContext();
        context.setName("/shop");
        context.setPath("/shop");
        host.addChild(context);
        BackendCookieValve valve = new BackendCookieValve();
        valve.setContainer(context);
        return valve;
    }

    private Path secretFile(String content) throws IOException {
        return Files.writeString(dir.resolve("secret"), content);
    }

    private static String startFailure(BackendCookieValve valve) {
        LifecycleException e = assertThrows(LifecycleException.class, valve::start);
        assertFalse(valve.getState().isAvailable());
        return e.getMessage();
    }

    @Test
    void startsWithTheEnginesJvmRouteAndASecretFile() throws Exception {
        BackendCookieValve valve = valveIn("node7");
        valve.setSecretFile(secretFile(SECRET + "\n").toString());
        valve.start();
        try {
            assertEquals(LifecycleState.STARTED, valve.getState());
        } finally {
            valve.stop();
        }
    }

    @Test
    void failsClearlyWithoutRouteAndWithoutSecret() {
        String message = startFailure(valveIn(null));
        assertTrue(message.contains("BackendCookieValve of [/shop] cannot start"), message);
        assertTrue(message.contains("no route: set the valve's route attribute or the Engine's jvmRoute"), message);
        assertTrue(message.contains("no secret: set secretFile"), message);
    }

    @Test
    void reportsEveryBadAttributeInOneMessage() {
        BackendCookieValve valve = valveIn(null);
        valve.setRoute("node.1");
        valve.setSecretFile("/does/not/exist");
        valve.setSecretEnv("LIMPET_SECRET");
        valve.setCookieName("X Backend");
        valve.setMaxAgeSeconds(0);
        valve.setSameSite("sometimes");
        valve.setPath("shop");
        String message = startFailure(valve);
        for (String expected : new String[] {"route [node.1] must match", "set only one of secretFile and secretEnv",
                "cookieName [X Backend]", "maxAgeSeconds [0]", "sameSite [sometimes]", "path [shop]"}) {
            assertTrue(message.contains(expected), expected + " missing from: " + message);
        }
    }

    @Test
    void anInvalidJvmRouteIsNamedAsSuch() throws IOException {
        BackendCookieValve valve = valveIn("node.1");
        valve.setSecretFile(secretFile(SECRET).toString());
        assertTrue(startFailure(valve).contains("route [node.1] must match [A-Za-z0-9_-]{1,64} (taken from the Engine's jvmRoute)"));
    }

    @Test
    void secretProblemsComeFromTheSecretFormatAndNeverShowTheSecret() throws IOException {
        BackendCookieValve valve = valveIn("node1");
        valve.setSecretFile(secretFile("too-short\n").toString());
        String message = startFailure(valve);
        assertTrue(message.contains("line 1 is 9 bytes"), message);
        assertFalse(message.contains("too-short"), message);

        BackendCookieValve missing = valveIn("node1");
        missing.setSecretFile(dir.resolve("absent").toString());
        assertTrue(startFailure(missing).contains("cannot read secret file"));
    }

    @Test
    void readsTheSecretFromTheNamedEnvironmentVariable() throws Exception {
        BackendCookieValve unset = valveIn("node1");
        unset.setSecretEnv("LIMPET_TEST_SECRET");
        unset.setEnvironment(name -> null);
        assertTrue(startFailure(unset).contains("environment variable [LIMPET_TEST_SECRET] is not set"));

        BackendCookieValve set = valveIn("node1");
        set.setSecretEnv("LIMPET_TEST_SECRET");
        set.setEnvironment(name -> "LIMPET_TEST_SECRET".equals(name) ? SECRET : null);
        set.start();
        assertEquals(LifecycleState.STARTED, set.getState());
        set.stop();
    }

    @Test
    void acceptsEveryDocumentedAttributeValue() throws Exception {
        BackendCookieValve valve = valveIn(null);
        valve.setRoute("node_2-b");
        valve.setSecretFile(secretFile("# comment\n" + SECRET + "\n").toString());
        valve.setCookieName("LB-Node");
        valve.setMaxAgeSeconds(-1);
        valve.setSecure(true);
        valve.setHttpOnly(false);
        valve.setSameSite("none");
        valve.setPath("/");
        valve.start();
        assertEquals(LifecycleState.STARTED, valve.getState());
        valve.stop();
    }
}
