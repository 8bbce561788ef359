package dev.limpet.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.limpet.core.docs.KeyTables;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The key tables of {@code docs/router.md} list exactly the keys the configuration binds, with the defaults the
 * bound types declare ({@link RouterYaml} and its sections: one field a key, its initial value the default). A
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
    void theTablesListEveryKeyTheBoundTypesDeclareWithItsDefault() throws Exception {
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
        keys(RouterYaml.class, new RouterYaml(), "", bound);
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
     * Adds the key of every field of a bound type: a section or a list of sections with {@code null} (no default
     * to compare) and its own keys below it, a scalar with its initial value ({@code null}: none).
     */
    private static void keys(Class<?> type, Object instance, String prefix, Map<String, String> out) throws Exception {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            fields.addAll(0, List.of(c.getDeclaredFields()));
        }
        for (Field f : fields) {
            if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            f.setAccessible(true);
            String key = prefix + f.getName();
            Class<?> section = f.getType();
            if (List.class.isAssignableFrom(section)) {
                section = (Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
                key += "[]";
            }
            Object value = f.get(instance);
            if (section.getPackage() == RouterYaml.class.getPackage()) {
                out.put(prefix + f.getName(), null);
                Object fresh = value != null && !(value instanceof List) ? value : newInstance(section);
                keys(section, fresh, key + ".", out);
            } else {
                out.put(prefix + f.getName(), value == null || value instanceof List ? null : text(value));
            }
        }
    }

    private static Object newInstance(Class<?> type) throws Exception {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private static String text(Object value) {
        return value instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(value);
    }
}
