package dev.limpet.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One YAML mapping being validated: typed reads that record a problem (never throw) and remember which keys
 * were read, so that {@link #reportUnknownKeys()} can list every key nobody asked for. Not thread-safe; used
 * only while a configuration is parsed.
 */
final class ConfigSection {

    private final JsonNode node;
    private final String prefix;
    private final List<String> problems;
    private final Set<String> read = new HashSet<>();

    /**
     * @param node     the mapping (a missing or null node reads as empty)
     * @param prefix   the key path of this mapping for messages, "" at the top, else ending in "."
     * @param problems where problems are collected
     */
    ConfigSection(JsonNode node, String prefix, List<String> problems) {
        this.node = node;
        this.prefix = prefix;
        this.problems = problems;
    }

    List<String> problems() {
        return problems;
    }

    /** Records a problem about a key of this section. */
    void problem(String key, String message) {
        problems.add(prefix + key + ": " + message);
    }

    /** @return whether the key is present (and not null); marks it read */
    boolean has(String key) {
        read.add(key);
        ConfigKeys.read(prefix + key);
        return node != null && node.hasNonNull(key);
    }

    /** @return the raw node of a key (marked read), or {@code null} */
    JsonNode raw(String key) {
        read.add(key);
        ConfigKeys.read(prefix + key);
        return node == null ? null : node.get(key);
    }

    String string(String key, String defaultValue) {
        ConfigKeys.readWithDefault(prefix + key, defaultValue);
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            problem(key, "must be a string");
            return defaultValue;
        }
        return v.asText();
    }

    String requiredString(String key) {
        String v = string(key, null);
        if (v == null && !problems.contains(prefix + key + ": must be a string")) {
            problem(key, "is required");
        }
        return v;
    }

    long longIn(String key, long defaultValue, long min, long max, String unit) {
        ConfigKeys.readWithDefault(prefix + key, defaultValue);
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            problem(key, "must be a whole number from " + min + " to " + max + " (" + unit + "), was [" + v.asText()
                    + "]");
            return defaultValue;
        }
        return v.asLong();
    }

    int intIn(String key, int defaultValue, int min, int max, String unit) {
        return (int) longIn(key, defaultValue, min, max, unit);
    }

    boolean bool(String key, boolean defaultValue) {
        ConfigKeys.readWithDefault(prefix + key, defaultValue);
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            problem(key, "must be true or false, was [" + v.asText() + "]");
            return defaultValue;
        }
        return v.booleanValue();
    }

    /** @return the elements of a sequence key; empty (with a problem) when it is not a sequence */
    List<JsonNode> list(String key) {
        JsonNode v = raw(key);
        List<JsonNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            problem(key, "must be a list");
            return out;
        }
        v.forEach(out::add);
        return out;
    }

    /** @return a nested section; absent keys read as an empty mapping */
    ConfigSection section(String key) {
        JsonNode v = raw(key);
        if (v != null && !v.isNull() && !v.isObject()) {
            problem(key, "must be a mapping of keys to values");
            return new ConfigSection(null, prefix + key + ".", problems);
        }
        return new ConfigSection(v, prefix + key + ".", problems);
    }

    /** Adds a problem for every key of this mapping that was never read: unknown keys are errors. */
    void reportUnknownKeys() {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                problems.add(prefix + name + ": unknown key");
            }
        }
    }
}
