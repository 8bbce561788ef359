package dev.limpet.router.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Access log lines cannot be split or forged by a request, and JSON lines parse. */
class AccessLogEntryTest {

    private static AccessLogEntry entry(String path) {
        return new AccessLogEntry(1_767_225_600_123L, "10.0.0.7", "GET", path, 200, 512, 843, "node1", "node2",
                "node2", "jsessionid", "down", 0);
    }

    @Test
    void textLineHasEveryField() {
        assertEquals("2026-01-01T00:00:00.123Z 10.0.0.7 \"GET /cart\" 200 512 843us F=node1 N=node2 n=node2"
                + " method=jsessionid moved=down retries=0", entry("/cart").text());
    }

    @Test
    void controlCharactersQuotesAndBackslashesAreEscaped() {
        String line = entry("/a b\"c\\d\r\nF=forged é").text();
        assertTrue(line.contains("\"GET /a%20b%22c%5Cd%0D%0AF=forged%20%E9\""), line);
        assertEquals(1, line.split("\n").length);
    }

    @Test
    void longPathsAreCut() {
        String line = entry("/" + "x".repeat(5000)).text();
        assertTrue(line.contains("x".repeat(1023) + "...\""), line.length() + "");
        assertTrue(line.length() < 1200);
    }

    @Test
    void jsonLineParses() throws Exception {
        JsonNode json = new ObjectMapper().readTree(entry("/q\"uote\\\u0001").json());
        assertEquals("/q%22uote%5C%01", json.get("path").asText());
        assertEquals("node1", json.get("favoured").asText());
        assertEquals(843, json.get("durationMicros").asInt());
        assertEquals("2026-01-01T00:00:00.123Z", json.get("time").asText());
    }
}
