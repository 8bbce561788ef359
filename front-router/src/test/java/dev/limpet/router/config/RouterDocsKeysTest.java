package dev.limpet.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.docs.KeyTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The key tables of {@code docs/router.md} list exactly the keys the configuration parser reads, with the
 * defaults it falls back to. The parser records what it reads ({@link ConfigKeys}) while it parses a
 * configuration that has every section. A mapping ({@code healthCheck}) is documented by its own row or by rows
 * of its keys ({@code lifecycle.stopGraceMillis}); an older name of a key by "older name {@code `x`}" in the
 * key's row. The options of a persistence method ({@code persistence[].name}, …) are documented with the
 * methods, not in a key table, and are left out.
 */
class RouterDocsKeysTest {

    private static final Path PAGE = Path.of("../docs/router.md");
    private static final String CLASSES_HEADING = "Persistence classes and failure modes";
    private static final Pattern OLDER_NAME = Pattern.compile("older name `([^`]+)`");

    /** Every section present, so that every key of every section is read. */
    private static final String EVERY_SECTION = """
            listen: 127.0.0.1:0
            secretFile: secret
            backends: [{route: node1, url: 'http://127.0.0.1:9001'}]
            persistence: [backend-cookie]
            classes: [{path: /a/, pathRegex: '^/b', persistence: []}]
            sessionTable: {redis: {uri: 'redis://127.0.0.1:1'}}
            tls: {keyStoreFile: missing.p12}
            backendTls: {}
            healthCheck: {}
            lifecycle: {}
            discovery: {dns: {name: nodes.example}, kubernetes: {service: shop}}
            balance: {}
            drain: {}
            admin: {}
            accessLog: {}
            tunnel: {}
            """;

    @Test
    void theTablesListEveryKeyTheParserReadsWithItsDefault() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        for (KeyTables.Row row : KeyTables.read(PAGE)) {
            String key = row.heading().equals(CLASSES_HEADING) ? "classes[]." + row.key() : row.key();
            documented.put(key, row.defaultCell());
            Matcher older = OLDER_NAME.matcher(row.meaning());
            while (older.find()) {
                documented.put(older.group(1), row.defaultCell());
            }
        }
        Map<String, String> read = new TreeMap<>();
        ConfigKeys.recordWhile(() -> parse(EVERY_SECTION)).forEach((key, defaultValue) -> {
            boolean mapping = documented.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
            if (!key.matches("(classes\\[\\]\\.)?persistence\\[\\]\\..*") && !(mapping && !documented.containsKey(key))) {
                read.put(key, defaultValue.equals(ConfigKeys.NO_DEFAULT) ? null : defaultValue);
            }
        });
        assertEquals("nodes", read.put("discovery.dns.routePrefix", null), "the first label of nodes.example");
        assertTrue(read.size() > 80, "the parse read every section: " + read.keySet());
        assertEquals(List.of(), KeyTables.differences(documented, read));
    }

    private static Object parse(String yaml) {
        try {
            return RouterConfig.fromYaml(yaml, Map.of(), Path.of("."));
        } catch (ConfigException e) {
            return e; // missing files: the keys were read all the same
        }
    }
}
