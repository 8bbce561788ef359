package dev.limpet.store.jdbc;

import dev.limpet.core.config.QueryStrings;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of a JDBC store, from the store URI and {@link StoreOptions#properties()} (a URI parameter wins):
 * <pre>jdbc:postgresql://db:5432/app?user=app&amp;password=…&amp;table=web_sessions&amp;createSchema=false
 * jdbc:mariadb://db:3306/app?user=app&amp;table=web_sessions
 * jdbc:h2:mem:sessions            (the embedded default; {@code ;DB_CLOSE_DELAY=-1} is added for {@code mem:})
 * jdbc:h2:file:/var/lib/app/sessions?table=web_sessions</pre>
 * Limpet's parameters are taken out of the {@code ?} query before the URL reaches the driver; the rest (user,
 * password, ssl…) is the driver's:
 * <ul>
 *   <li>{@code table} — table name, {@code [A-Za-z_][A-Za-z0-9_]*} up to 50 characters, optionally
 *       {@code schema.}-qualified; default {@code limpet_sessions}.</li>
 *   <li>{@code createSchema} — apply {@code schema/<dialect>.sql} (the table and its index) at open, or on the
 *       first connection if the database is down then; idempotent; default {@code true}, as Jetty's JDBC session
 *       store; {@code false} for operators who manage the schema themselves.</li>
 *   <li>{@code purgeIntervalSeconds} — run the expiry sweeper this often, 0 (off) to 86400; default 60.</li>
 *   <li>{@code purgeBatchSize} — rows deleted per batch, 1..10000; default 500.</li>
 *   <li>{@code poolSize} — HikariCP maximum pool size when the pool is built from the URL, 1..64; default 4.</li>
 *   <li>{@code dialect} — {@code postgresql}, {@code mariadb} (also MySQL 8) or {@code h2}; default from the URL
 *       prefix, or from {@code DatabaseMetaData} for a given {@code DataSource}.</li>
 * </ul>
 * With {@link StoreOptions#dataSource()} set (a container pool looked up in JNDI by the caller, e.g. the Tomcat
 * manager's {@code dataSourceName}), the URI only carries these parameters, e.g. {@code jdbc:datasource?table=x},
 * and is never used to connect.
 *
 * @param jdbcUrl              the URL for the driver, Limpet's parameters removed
 * @param table                the validated table name
 * @param createSchema         whether to apply the schema file at open (default true)
 * @param purgeIntervalSeconds sweeper interval, seconds, 0 for none
 * @param purgeBatchSize       rows per purge batch
 * @param poolSize             maximum pool size of a pool built from the URL
 * @param dialect              the configured dialect name, or {@code null} to detect it
 */
record JdbcStoreConfig(String jdbcUrl, String table, boolean createSchema, int purgeIntervalSeconds,
                       int purgeBatchSize, int poolSize, String dialect) {

    /** The URI prefix this store handles. */
    static final String PREFIX = "jdbc:";
    /** The default table name. */
    static final String DEFAULT_TABLE = "limpet_sessions";

    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,49}");
    private static final Set<String> NAMES = Set.of("table", "createSchema", "purgeIntervalSeconds", "purgeBatchSize",
            "poolSize", "dialect");
    private static final Set<String> DIALECTS = Set.of("postgresql", "mariadb", "h2");
    private static final Pattern SECRET = Pattern.compile("(?i)(password|secret|token)([^=&;]*)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/?#@]*@");

    /**
     * @param options the store options
     * @return the settings
     * @throws StoreException listing every bad setting at once
     */
    static JdbcStoreConfig parse(StoreOptions options) throws StoreException {
        String uri = options.storeUri();
        if (!uri.startsWith(PREFIX)) {
            throw new StoreException("not a JDBC URL: must start with [" + PREFIX + "]");
        }
        Map<String, String> params = new HashMap<>(options.properties());
        List<String> errors = new ArrayList<>();
        String url = extractParameters(uri, params, errors);
        String table = params.getOrDefault("table", DEFAULT_TABLE);
        if (!TABLE.matcher(table).matches()) {
            errors.add("table must be [schema.]name of letters, digits and _ (name up to 50), was [" + table + "]");
        }
        String createSchema = params.getOrDefault("createSchema", "true");
        if (!createSchema.equalsIgnoreCase("true") && !createSchema.equalsIgnoreCase("false")) {
            errors.add("createSchema must be true or false, was [" + createSchema + "]");
        }
        int interval = number(params, "purgeIntervalSeconds", 60, 0, 86_400, errors);
        int batch = number(params, "purgeBatchSize", 500, 1, 10_000, errors);
        int pool = number(params, "poolSize", 4, 1, 64, errors);
        String dialect = params.containsKey("dialect") ? params.get("dialect").toLowerCase(java.util.Locale.ROOT) : null;
        if (dialect != null && !DIALECTS.contains(dialect)) {
            errors.add("dialect must be one of " + DIALECTS + ", was [" + dialect + "]");
        }
        if (!errors.isEmpty()) {
            throw new StoreException("bad JDBC store settings for [" + redact(uri) + "]: " + String.join("; ", errors));
        }
        return new JdbcStoreConfig(withH2Defaults(url), table, Boolean.parseBoolean(createSchema), interval, batch,
                pool, dialect);
    }

    private static String extractParameters(String uri, Map<String, String> params, List<String> errors) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        List<String> kept = new ArrayList<>();
        for (QueryStrings.Parameter pair : QueryStrings.parse(uri.substring(q + 1))) {
            String name = decodeOrNull(pair.rawName());
            if (pair.rawValue() != null && !pair.rawName().isEmpty() && name != null && NAMES.contains(name)) {
                String value = decodeOrNull(pair.rawValue());
                if (value == null) {
                    errors.add("bad percent-escape in the value of [" + name + "]");
                } else {
                    params.put(name, value);
                }
            } else {
                kept.add(pair.raw());
            }
        }
        return kept.isEmpty() ? uri.substring(0, q) : uri.substring(0, q) + "?" + String.join("&", kept);
    }

    /** @return the percent-decoded text, or {@code null} if it holds a bad escape (left to the driver to judge) */
    private static String decodeOrNull(String text) {
        try {
            return QueryStrings.decode(text, "parameter");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withH2Defaults(String url) {
        if (url.startsWith("jdbc:h2:mem:") && !url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_DELAY")) {
            return url + ";DB_CLOSE_DELAY=-1";
        }
        return url;
    }

    private static int number(Map<String, String> params, String name, int dflt, int min, int max, List<String> errors) {
        String text = params.get(name);
        if (text == null) {
            return dflt;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(name + " must be " + min + ".." + max + ", was [" + text + "]");
        return dflt;
    }

    /**
     * @param url a JDBC URL
     * @return it with user info and the values of password/secret/token parameters replaced by {@code ***}
     */
    static String redact(String url) {
        return SECRET.matcher(USER_INFO.matcher(url).replaceAll("//***@")).replaceAll("$1$2=***");
    }

    /** @return the dialect named by the URL prefix, or {@code null} if the URL does not say */
    String dialectFromUrl() {
        if (dialect != null) {
            return dialect;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return "mariadb";
        }
        return jdbcUrl.startsWith("jdbc:h2:") ? "h2" : null;
    }
}
