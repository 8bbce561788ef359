package dev.limpet.router.config;

import java.util.List;

/**
 * The router configuration is invalid. The message lists <em>every</em> problem found, one per line, so an
 * operator fixes the file in one pass (docs/architecture.md §3, Operations). Never contains a secret.
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems every problem found, each a one-line sentence naming the key; not empty
     */
    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, in the order they were found */
    public List<String> problems() {
        return problems;
    }
}
