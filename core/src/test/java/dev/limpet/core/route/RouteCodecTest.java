package dev.limpet.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteCodecTest {

    private final RouteCodec codec = RouteCodec.tomcatDefault();

    @Test
    void routeIsTextAfterLastSeparator() {
        assertEquals(new SessionIdParts("ABC.DEF", Optional.of("node1")), codec.parse("ABC.DEF.node1").orElseThrow());
        assertEquals(Optional.of("node-2_b"), codec.routeOf("0123456789ABCDEF.node-2_b"));
        assertEquals(Optional.empty(), codec.routeOf("0123456789ABCDEF"));
        assertEquals(Optional.empty(), codec.routeOf("0123456789ABCDEF."));
        assertEquals(Optional.empty(), codec.routeOf(".node1"));
        assertEquals(Optional.empty(), codec.routeOf("ABC.no/de"));
        assertEquals(Optional.empty(), codec.routeOf("ABC." + "x".repeat(65)));
        assertEquals(Optional.of("x".repeat(64)), codec.routeOf("ABC." + "x".repeat(64)));
        assertEquals("ABC.no/de", codec.parse("ABC.no/de").orElseThrow().id());
        assertFalse(codec.parse(null).isPresent());
        assertFalse(codec.parse("x".repeat(RouteCodec.MAX_SESSION_ID_LENGTH + 1)).isPresent());
    }

    @Test
    void configurableSeparator() {
        RouteCodec bang = new RouteCodec('!');
        assertEquals(Optional.of("n1"), bang.routeOf("abc.def!n1"));
        assertEquals("abc!n2", bang.withRoute("abc", "n2"));
        assertThrows(IllegalArgumentException.class, () -> new RouteCodec('a'));
        assertThrows(IllegalArgumentException.class, () -> new RouteCodec(';'));
        assertThrows(IllegalArgumentException.class, () -> codec.withRoute("abc", "bad route"));
    }

    @Test
    void pathParameterEitherCase() {
        assertEquals(Optional.of("ABC.node1"), RouteCodec.fromPathParameter("/cart;jsessionid=ABC.node1?x=1"));
        assertEquals(Optional.of("ABC.node2"), RouteCodec.fromPathParameter("/cart;JSESSIONID=ABC.node2/more"));
        assertEquals(Optional.of("ABC.node3"), RouteCodec.fromPathParameter("/a;x=y;jsessionid=ABC.node3;z=1"));
        assertEquals(Optional.empty(), RouteCodec.fromPathParameter("/cart?jsessionid=ABC.node1"));
        assertEquals(Optional.empty(), RouteCodec.fromPathParameter("/cart;jsessionid="));
        assertEquals(Optional.empty(), RouteCodec.fromPathParameter(null));
    }
}
