package dev.limpet.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes the session-id route codec with untrusted session ids and request URIs (docs/fuzzing.md).
 * Contract: never throws; a parsed id joins back to its input; a route it reports is valid; a
 * {@code ;jsessionid=} value it reports is a non-empty piece of the input without {@code ; / # ?}.
 */
class RouteCodecFuzzTest {

    private static final RouteCodec[] CODECS = {new RouteCodec('.'), new RouteCodec('!'), new RouteCodec(':')};

    @FuzzTest(maxDuration = "10m")
    void parseSplitsAndJoinsBack(byte[] input) {
        String sessionId = new String(input, StandardCharsets.UTF_8);
        for (RouteCodec codec : CODECS) {
            Optional<SessionIdParts> parsed = codec.parse(sessionId);
            if (sessionId.isEmpty() || sessionId.length() > RouteCodec.MAX_SESSION_ID_LENGTH) {
                assertFalse(parsed.isPresent());
                continue;
            }
            SessionIdParts parts = parsed.orElseThrow();
            if (parts.route().isPresent()) {
                String route = parts.route().get();
                assertTrue(RouteCodec.isValidRoute(route), route);
                assertEquals(sessionId, codec.withRoute(parts.id(), route));
            } else {
                assertEquals(sessionId, parts.id());
            }
            assertEquals(parts.route(), codec.routeOf(sessionId));
        }
    }

    /** Input: route, a newline, then the route-less id. */
    @FuzzTest(maxDuration = "10m")
    void withRouteRoundTrips(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String route = newline < 0 ? text : text.substring(0, newline);
        String baseId = newline < 0 ? "id" : text.substring(newline + 1);
        for (RouteCodec codec : CODECS) {
            if (baseId.isEmpty() || !RouteCodec.isValidRoute(route)) {
                return;
            }
            String joined = codec.withRoute(baseId, route);
            if (joined.length() <= RouteCodec.MAX_SESSION_ID_LENGTH) {
                SessionIdParts parts = codec.parse(joined).orElseThrow();
                assertEquals(Optional.of(route), parts.route());
                assertEquals(baseId, parts.id());
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void pathParameterIsWhatFollowsTheParameterName(byte[] input) {
        String uri = new String(input, StandardCharsets.UTF_8);
        assertEquals(expectedPathParameter(uri), RouteCodec.fromPathParameter(uri));
    }

    /**
     * The specification as a plain scan: in the path (before {@code ?}), the first {@code ;jsessionid=}
     * with the name matched in either ASCII case; its value runs to the next {@code ; / #}.
     */
    static Optional<String> expectedPathParameter(String uri) {
        String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
        String name = ";jsessionid=";
        for (int at = 0; at + name.length() <= path.length(); at++) {
            if (asciiIgnoreCaseAt(path, at, name)) {
                int end = at + name.length();
                while (end < path.length() && ";/#".indexOf(path.charAt(end)) < 0) {
                    end++;
                }
                String value = path.substring(at + name.length(), end);
                return value.isEmpty() || value.length() > RouteCodec.MAX_SESSION_ID_LENGTH
                        ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static boolean asciiIgnoreCaseAt(String text, int at, String lowerName) {
        for (int i = 0; i < lowerName.length(); i++) {
            char c = text.charAt(at + i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            if (lower != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
