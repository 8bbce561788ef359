package dev.limpet.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharingSettingsTest {

    private static SharingSettings.Raw raw(String uri, boolean sticky, String ignore, long timeout, String prefix,
                                           String locking, String action, int capacity, int threads) {
        return new SharingSettings.Raw(uri, false, sticky, ignore, timeout, prefix, "localhost/app", locking, 3000,
                action, false, capacity, threads, null);
    }

    @Test
    void backupModeIsSyncByDefaultAndABadOneIsReported() {
        List<String> problems = new ArrayList<>();
        SharingSettings.Raw sync = raw("redis://h", true, null, 1000, null, "none", "fail", 10, 2);
        assertEquals(dev.limpet.sessions.BackupMode.SYNC, SharingSettings.validate(sync, problems).backupMode());
        SharingSettings.Raw bad = new SharingSettings.Raw("redis://h", false, true, null, 1000, null, "localhost/app",
                "none", 3000, "fail", false, 10, 2, "later");
        assertEquals(null, SharingSettings.validate(bad, problems));
        assertEquals(List.of("backupMode must be sync or async, was [later]"), problems);
    }

    @Test
    void defaultsAreValid() {
        List<String> problems = new ArrayList<>();
        SharingSettings settings = SharingSettings.validate(raw("redis://127.0.0.1:6379/0", true,
                SharingSettings.DEFAULT_IGNORE_PATTERN, 1000, null, "none", "fail", 10_000, 2), problems);
        assertEquals(List.of(), problems);
        assertEquals("localhost/app", settings.namespace());
        assertTrue(settings.ignorePattern().matcher("/app/logo.png").matches());
        assertTrue(settings.sticky());
    }

    @Test
    void everyBadAttributeIsReportedAtOnce() {
        List<String> problems = new ArrayList<>();
        assertNull(SharingSettings.validate(raw(" ", true, "([", 0, "bad prefix!", "sometimes", "shrug", 0, 65), problems));
        String all = String.join("\n", problems);
        for (String attribute : List.of("storeUri", "requestUriIgnorePattern", "operationTimeoutMillis", "keyPrefix",
                "lockingMode", "lockTimeoutAction", "backupQueueCapacity", "backupThreads")) {
            assertTrue(all.contains(attribute), attribute + " missing in: " + all);
        }
    }

    @Test
    void lockingNeedsNonStickyMode() {
        List<String> problems = new ArrayList<>();
        SharingSettings.validate(raw("memory:", true, "", 1000, null, "all", "fail", 1, 1), problems);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("sticky [false]"));
    }

    @Test
    void theDefaultKeyPrefixIsHostAndContextPathMadeSafe() {
        assertEquals("localhost/cart", SharingSettings.defaultNamespace("localhost", "/cart"));
        assertEquals("localhost/ROOT", SharingSettings.defaultNamespace("localhost", ""));
        assertEquals("shop_example.com/a_b", SharingSettings.defaultNamespace("shop:example.com", "/a b"));
    }
}
