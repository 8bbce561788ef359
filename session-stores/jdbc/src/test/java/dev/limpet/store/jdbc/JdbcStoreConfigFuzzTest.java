package dev.limpet.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the JDBC store URI parser (docs/fuzzing.md): {@code jdbc:} followed by the fuzzer's text, with a
 * {@code password} parameter holding a marker. Contract: settings or a {@link StoreException} listing the
 * problems — never another exception — and the message never shows the password.
 */
class JdbcStoreConfigFuzzTest {

    private static final String PASSWORD = "Pw7QkZx9Km";

    @FuzzTest(maxDuration = "10m")
    void parsesOrListsTheProblemsWithoutThePassword(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String uri = "jdbc:" + text + (text.contains("?") ? "&" : "?") + "password=" + PASSWORD;
        try {
            JdbcStoreConfig config = JdbcStoreConfig.parse(StoreOptions.of(uri));
            assertTrue(config.jdbcUrl().startsWith("jdbc:"));
        } catch (StoreException e) {
            // Unless the fuzzer wrote the marker into the URI elsewhere, e.g. as the table name.
            assertFalse(!text.contains(PASSWORD) && e.getMessage().contains(PASSWORD), "the message shows the password: " + e.getMessage());
        }
    }
}
