package dev.limpet.router.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The problems and warnings of one parse, each problem one line {@code path: problem}. A key the user wrote under
 * another name (a flat {@code routerCookie*} key, an older name) is shown as written. A key whose value could not
 * be bound gets no further violation of its constraints. Not thread-safe; one instance per parse.
 */
final class ConfigProblems {

    private final List<String> lines = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> unbound = new HashSet<>();
    private final List<JsonPointer> unreadable = new ArrayList<>();
    private final Map<String, String> writtenAs = new HashMap<>();

    /** Adds a problem; {@code path} "" for the whole configuration. */
    void add(String path, String message) {
        String shown = writtenAs.getOrDefault(path, path);
        String line = shown.isEmpty() ? message : writtenAs.getOrDefault(shown, shown) + ": " + message;
        lines.add(line.replace("\r", "\\r").replace("\n", "\\n")); // one line each, whatever a key holds
    }

    /** Adds a problem of binding: the value at {@code path} was not read. */
    void bindingFailed(String path, String message) {
        unbound.add(path);
        add(path, message);
    }

    /**
     * Adds a problem of binding, the value at {@code path} not read, and remembers where it is in the tree so that the
     * configuration can be bound again without it.
     */
    void unreadable(String path, JsonPointer at, String message) {
        unreadable.add(at);
        bindingFailed(path, message);
    }

    /** @return where the values are that could not be read, in the order met */
    List<JsonPointer> unreadable() {
        return List.copyOf(unreadable);
    }

    /** Adds a constraint violation unless the value at {@code path}, or the mapping it is in, was not read. */
    void validated(String path, String message) {
        if (unbound.stream().noneMatch(u -> path.equals(u) || path.startsWith(u + ".") || path.startsWith(u + "["))) {
            add(path, message);
        }
    }

    /** @return whether binding the value at {@code path} failed */
    boolean unbound(String path) {
        return unbound.contains(path);
    }

    /** Records that the key at {@code path} was written as {@code written}, for messages. */
    void writtenAs(String path, String written) {
        writtenAs.put(path, written);
    }

    /** Adds a warning: the configuration is valid, but should be changed. */
    void warn(String warning) {
        warnings.add(warning);
    }

    /** @return a view that adds problems of the keys of the mapping at {@code prefix} ("" for the top) */
    BiConsumer<String, String> in(String prefix) {
        return (key, message) -> add(prefix.isEmpty() ? key : prefix + "." + key, message);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
