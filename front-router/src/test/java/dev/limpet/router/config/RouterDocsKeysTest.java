package dev.limpet.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.limpet.core.docs.KeyTables;
import dev.limpet.router.table.SessionTableConfig;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The key tables of {@code docs/router.md} list exactly the keys the configuration binds, with the defaults the
 * bound records declare ({@link RouterYaml} and its sections: one component a key, its {@link Default} the default). A
 * mapping ({@code healthCheck}) is documented by its own row or by rows of its keys
 * ({@code lifecycle.stopGraceMillis}); an older or other name of a key by "older name {@code `x`}" or "other name
 * {@code `x`}" in the key's row. The options of a persistence method ({@code persistence[].name}, …) are
 * documented with the methods, not in a key table, and are left out.
 */
class RouterDocsKeysTest {

    private static final Path PAGE = Path.of("../docs/router.md");
    private static final String CLASSES_HEADING = "Persistence classes and failure modes";
    private static final Pattern OLDER_NAME = Pattern.compile("(?:older|other) name `([^`]+)`");

    @Test
    void theTablesListEveryKeyTheBoundRecordsDeclareWithItsDefault() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        for (KeyTables.Row row : KeyTables.read(PAGE)) {
            String key = row.heading().equals(CLASSES_HEADING) ? "classes[]." + row.key() : row.key();
            documented.put(key, row.defaultCell());
            Matcher older = OLDER_NAME.matcher(row.meaning());
            while (older.find()) {
                documented.put(older.group(1), row.defaultCell());
            }
        }
        Map<String, String> bound = new TreeMap<>();
        keys(RouterYaml.class, "", bound);
        LegacyKeys.olderNames().forEach((older, present) -> bound.put(older, bound.get(present)));
        Map<String, String> read = new TreeMap<>();
        bound.forEach((key, defaultValue) -> {
            boolean mapping = documented.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
            if (!key.matches("(classes\\[\\]\\.)?persistence\\[\\]\\..*") && !(mapping && !documented.containsKey(key))) {
                read.put(key, defaultValue);
            }
        });
        assertTrue(read.size() > 80, "every section was walked: " + read.keySet());
        assertEquals(List.of(), KeyTables.differences(documented, read));
    }

    /**
     * Adds the key of every component of a bound record: a section or a list of sections with {@code null} (no
     * default to compare) and its own keys below it, any other key with its {@link Default} ({@code null}: none).
     */
    private static void keys(Class<?> type, String prefix, Map<String, String> out) {
        for (Field c : YamlBinding.components(type)) {
            if (c.isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            String key = prefix + YamlBinding.key(c);
            Class<?> held = YamlBinding.held(c);
            boolean section = held.isRecord() && (held.getPackage() == RouterYaml.class.getPackage()
                    || held.getPackage() == SessionTableConfig.class.getPackage());
            Default d = c.getAnnotation(Default.class);
            out.put(key, section && held == c.getType() || d == null ? null : d.value());
            if (section) {
                keys(held, key + (held == c.getType() ? "." : "[]."), out);
            }
        }
    }
}
