package dev.limpet.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the Redis store URI parser (docs/fuzzing.md). Contract: it answers with a {@link RedisUri} or an
 * {@link IllegalArgumentException} — never another exception — and neither the exception's message nor
 * {@link RedisUri#toString()} ever shows the password. The fuzzer's text is the password and the rest of
 * the URI after a newline; the password is framed by two markers, so a message that shows any part of
 * its ends is caught (unless the fuzzer wrote a marker into the rest of the URI itself).
 */
class RedisUriFuzzTest {

    private static final String[] SCHEMES = {"redis://", "rediss://", "redis-sentinel://", "redis-cluster://"};
    private static final String HEAD = "Pw7Qk";
    private static final String TAIL = "Zx9Km";

    @FuzzTest(maxDuration = "10m")
    void parsesOrRefusesWithoutShowingThePassword(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String password = HEAD + (newline < 0 ? "" : text.substring(0, newline)) + TAIL;
        String rest = newline < 0 ? text : text.substring(newline + 1);
        String scheme = SCHEMES[Math.floorMod(password.length(), SCHEMES.length)];
        String uri = scheme + "user:" + password + "@" + rest;
        String answer;
        try {
            RedisUri parsed = RedisUri.parse(uri);
            assertFalse(parsed.hosts().isEmpty());
            parsed.hosts().forEach(h -> assertTrue(h.port() >= 1 && h.port() <= 65_535 && !h.host().isEmpty(), h.toString()));
            assertTrue(parsed.database() >= 0 && parsed.database() <= 15);
            answer = parsed.toString();
            assertEquals(parsed.mode(), RedisUri.parse(uri).mode());
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            answer = e.getMessage();
        }
        if (!rest.contains(HEAD) && !rest.contains(TAIL)) {
            assertFalse(answer.contains(HEAD) || answer.contains(TAIL), "the answer shows the password: " + answer);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void anyTextParsesOrIsRefused(byte[] input) {
        String uri = new String(input, StandardCharsets.UTF_8);
        try {
            RedisUri parsed = RedisUri.parse(uri);
            assertTrue(RedisUri.isRedisUri(uri));
            assertFalse(parsed.toString().contains("@") && parsed.password() != null && !parsed.toString().contains("***@"));
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
        }
    }
}
