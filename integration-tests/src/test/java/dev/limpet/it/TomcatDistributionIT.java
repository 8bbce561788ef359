package dev.limpet.it;

import dev.limpet.testsupport.TomcatProcess;
import static dev.limpet.it.Browser.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.token.AffinityToken;
import dev.limpet.core.token.AffinityTokenCodec;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drop-in jar in the real Tomcat 10.1 and 11 distributions, installed exactly as docs/tomcat.md says:
 * {@code limpet-tomcat.jar} in {@code $CATALINA_BASE/lib} (and first in catalina.properties' {@code jarsToSkip}), the
 * {@code <Valve>} line in {@code conf/context.xml} with a secret file relative to {@code $CATALINA_BASE},
 * {@code jvmRoute} on the Engine, the cart war in {@code webapps/}, started with {@code bin/catalina.sh run}.
 */
class TomcatDistributionIT {

    private static final String SECRET = "distribution-test-secret-000001";

    @TempDir
    Path dir;

    static List<Path> tomcatHomes() {
        return ItFiles.tomcatHomes();
    }

    @ParameterizedTest
    @MethodSource("tomcatHomes")
    void theDropInJarSignsTheBackendCookie(Path catalinaHome) throws Exception {
        String version = catalinaHome.getFileName().toString().replace("apache-tomcat-", "");
        String route = "tc" + version.replace('.', '_');
        try (TomcatProcess tomcat = TomcatProcess.start(catalinaHome, dir.resolve("base"), route, SECRET, ItFiles.installation(), b -> { })) {
            Browser user = new Browser();
            HttpResponse<String> first = user.get(tomcat.url("/cart/cart.txt"));
            assertEquals(200, first.statusCode(), first.body());
            assertEquals(route, servedBy(first), "the valve gives the webapp its route");
            AffinityTokenCodec codec = new AffinityTokenCodec("X-Backend",
                    MasterSecrets.parse(SECRET, "test").keyRing(KeyPurpose.BACKEND_COOKIE));
            String token = Browser.setCookie(first, "X-Backend").orElseThrow(() -> new AssertionError(
                    "no X-Backend cookie from Tomcat " + version + ": " + first.headers().map() + "\n" + tomcat.console()));
            AffinityToken verified = codec.read(token, System.currentTimeMillis() / 1000).orElseThrow();
            assertEquals(route, verified.route());
            assertTrue(user.cookie("JSESSIONID").orElseThrow().endsWith("." + route));
            String header = first.headers().allValues("set-cookie").stream().filter(h -> h.startsWith("X-Backend="))
                    .findFirst().orElseThrow();
            for (String attribute : new String[] {"; Max-Age=1800", "; Path=/cart", "; HttpOnly", "; SameSite=Lax"}) {
                assertTrue(header.contains(attribute), attribute + " missing on Tomcat " + version + ": " + header);
            }

            HttpResponse<String> second = user.get(tomcat.url("/cart/cart.txt"));
            assertTrue(Browser.setCookie(second, "X-Backend").isEmpty(), "a fresh token is not re-sent");
            String console = tomcat.console();
            assertTrue(console.contains("Apache Tomcat/" + version), console);
            assertTrue(console.contains("BackendCookieValve of [/cart] started: route [" + route + "]"), console);
        }
    }
}
