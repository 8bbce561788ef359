package dev.limpet.router.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The keys a parse reads, each with the default it falls back to: the key tables of {@code docs/router.md} are
 * checked against this record, so the documentation lists exactly what the parser reads. Recording is off
 * (nothing kept) unless a caller asks for it on its thread with {@link #recordWhile}. Thread-confined.
 */
final class ConfigKeys {

    /** The default of a key read without one: a required key, a list or a mapping. */
    static final String NO_DEFAULT = "(no default)";

    private static final ThreadLocal<Map<String, String>> RECORDING = new ThreadLocal<>();

    private ConfigKeys() {
    }

    /**
     * Runs a parse and returns what it read.
     *
     * @param parse a parse of one configuration, whatever its outcome
     * @return full key paths ({@code healthCheck.path}, {@code backends[].url}) to their defaults as text
     */
    static Map<String, String> recordWhile(Supplier<?> parse) {
        Map<String, String> keys = new TreeMap<>();
        RECORDING.set(keys);
        try {
            parse.get();
        } finally {
            RECORDING.remove();
        }
        return keys;
    }

    static void read(String path) {
        Map<String, String> keys = RECORDING.get();
        if (keys != null) {
            keys.putIfAbsent(normalized(path), NO_DEFAULT);
        }
    }

    static void readWithDefault(String path, Object defaultValue) {
        Map<String, String> keys = RECORDING.get();
        if (keys != null) {
            keys.put(normalized(path), defaultValue == null ? NO_DEFAULT : String.valueOf(defaultValue));
        }
    }

    private static String normalized(String path) {
        return path.replaceAll("\\[[0-9]+\\]", "[]");
    }
}
