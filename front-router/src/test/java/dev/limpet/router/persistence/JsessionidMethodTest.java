package dev.limpet.router.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.limpet.core.route.RouteCodec;
import org.junit.jupiter.api.Test;

class JsessionidMethodTest {

    private final JsessionidMethod method = new JsessionidMethod(RouteCodec.tomcatDefault(), "JSESSIONID");

    private static ClientRequest request(String cookieHeader, String path) {
        return new FakeClientRequest(cookieHeader, path);
    }

    @Test
    void readsTheRouteFromTheCookieFirstThenThePathParameter() {
        assertEquals("node1", method.route(request("JSESSIONID=ABC.node1", "/a;jsessionid=ABC.node2")));
        assertEquals("node2", method.route(request(null, "/a;jsessionid=ABC.node2")));
        assertEquals("node2", method.route(request("other=x", "/a/b;JSESSIONID=ABC.node2;x=y")));
    }

    @Test
    void givesNoRouteForIdsWithoutAValidRoute() {
        assertNull(method.route(request("JSESSIONID=ABC", "/")));
        assertNull(method.route(request("JSESSIONID=ABC.no/de", "/")));
        assertNull(method.route(request("JSESSIONID=" + "A".repeat(300) + ".node1", "/")));
        assertNull(method.route(request(null, "/plain/path")));
        assertNull(method.route(request(null, "/a;jsessionid=")));
    }

    @Test
    void honoursAConfiguredSeparator() {
        JsessionidMethod bang = new JsessionidMethod(new RouteCodec('!'), "JSESSIONID");
        assertEquals("node9", bang.route(request("JSESSIONID=ab.cd!node9", "/")));
    }
}
