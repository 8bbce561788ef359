package dev.limpet.sessions;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The validated session-sharing settings of one web application: the attributes of Tomcat's
 * {@code LimpetSessionManager} and the init parameters of the servlet {@code SessionSharingFilter}, which have the
 * same names, meaning, units and defaults (documented there, and in {@code docs/tomcat.md} and
 * {@code docs/servlet.md}). {@link #validate} collects every problem so that the adapter reports them in one
 * message at start. Immutable.
 *
 * @param storeUri               the store URI, credentials possibly inside (never logged whole)
 * @param sticky                 sticky (backup) or non-sticky (store is the source of truth)
 * @param ignorePattern          request URIs that never touch the store, or {@code null}
 * @param operationTimeoutMillis store operation timeout, milliseconds
 * @param namespace              the store key namespace
 * @param lockAll                non-sticky: lock every request that names a session
 * @param lockTimeoutMillis      longest wait for the lock, milliseconds
 * @param failOnLockTimeout      answer 503 (true) or proceed unlocked (false) when the lock times out
 * @param failOnStoreError       non-sticky: answer 503 (true) or degrade (false) when the store is down
 * @param queueCapacity          backup queue capacity, sessions
 * @param backupThreads          backup writer threads
 * @param backupMode             sticky: write before the response (sync) or after it (async)
 */
public record SharingSettings(String storeUri, boolean sticky, Pattern ignorePattern, long operationTimeoutMillis,
                       String namespace, boolean lockAll, long lockTimeoutMillis, boolean failOnLockTimeout,
                       boolean failOnStoreError, int queueCapacity, int backupThreads, BackupMode backupMode) {

    /** Default {@code requestUriIgnorePattern}: static resources never touch the store (as msm). */
    public static final String DEFAULT_IGNORE_PATTERN = ".*\\.(ico|png|gif|jpg|jpeg|svg|css|js|woff2?|map)$";

    /**
     * The raw values, as configured.
     *
     * @param storeUri                the {@code storeUri}, or {@code null}
     * @param dataSourceSet           whether a {@code DataSource} was named instead
     * @param sticky                  {@code sticky}
     * @param requestUriIgnorePattern {@code requestUriIgnorePattern}, or {@code null}/empty for none
     * @param operationTimeoutMillis  {@code operationTimeoutMillis}
     * @param keyPrefix               {@code keyPrefix}, or {@code null}/empty for the default
     * @param defaultKeyPrefix        the adapter's default key prefix (see {@link #defaultNamespace})
     * @param lockingMode             {@code lockingMode}
     * @param lockTimeoutMillis       {@code lockTimeoutMillis}
     * @param lockTimeoutAction       {@code lockTimeoutAction}
     * @param failOnStoreError        {@code failOnStoreError}
     * @param backupQueueCapacity     {@code backupQueueCapacity}
     * @param backupThreads           {@code backupThreads}
     * @param backupMode              {@code backupMode}, or {@code null} for sync
     */
    public record Raw(String storeUri, boolean dataSourceSet, boolean sticky, String requestUriIgnorePattern,
               long operationTimeoutMillis, String keyPrefix, String defaultKeyPrefix, String lockingMode,
               long lockTimeoutMillis, String lockTimeoutAction, boolean failOnStoreError, int backupQueueCapacity,
               int backupThreads, String backupMode) {
    }

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_./-]{1,64}");

    /**
     * @param raw      the attributes
     * @param problems receives one message per bad attribute
     * @return the settings, or {@code null} if a problem was added
     */
    public static SharingSettings validate(Raw raw, List<String> problems) {
        int before = problems.size();
        String uri = raw.storeUri() == null || raw.storeUri().isBlank()
                ? (raw.dataSourceSet() ? "jdbc:datasource" : null) : raw.storeUri().trim();
        if (uri == null) {
            problems.add("no store: set storeUri (redis://…, memcached://…, jdbc:…, memory:) or dataSourceName");
        }
        Pattern ignore = compile(raw.requestUriIgnorePattern(), problems);
        if (raw.operationTimeoutMillis() < 1 || raw.operationTimeoutMillis() > 60_000) {
            problems.add("operationTimeoutMillis must be 1..60000, was [" + raw.operationTimeoutMillis() + "]");
        }
        String namespace = raw.keyPrefix() == null || raw.keyPrefix().isEmpty() ? raw.defaultKeyPrefix() : raw.keyPrefix();
        if (!NAMESPACE.matcher(namespace).matches()) {
            problems.add("keyPrefix must be 1..64 characters of [A-Za-z0-9_./-], was [" + namespace + "]");
        }
        String locking = raw.lockingMode() == null ? "none" : raw.lockingMode().toLowerCase(Locale.ROOT);
        if (!locking.equals("none") && !locking.equals("all")) {
            problems.add("lockingMode must be none or all, was [" + raw.lockingMode() + "]");
        } else if (locking.equals("all") && raw.sticky()) {
            problems.add("lockingMode [all] needs sticky [false]: sticky sessions are served by one node at a time");
        }
        if (raw.lockTimeoutMillis() < 0 || raw.lockTimeoutMillis() > 60_000) {
            problems.add("lockTimeoutMillis must be 0..60000, was [" + raw.lockTimeoutMillis() + "]");
        }
        String action = raw.lockTimeoutAction() == null ? "fail" : raw.lockTimeoutAction().toLowerCase(Locale.ROOT);
        if (!action.equals("fail") && !action.equals("proceed")) {
            problems.add("lockTimeoutAction must be fail or proceed, was [" + raw.lockTimeoutAction() + "]");
        }
        if (raw.backupQueueCapacity() < 1 || raw.backupQueueCapacity() > 1_000_000) {
            problems.add("backupQueueCapacity must be 1..1000000, was [" + raw.backupQueueCapacity() + "]");
        }
        if (raw.backupThreads() < 1 || raw.backupThreads() > 64) {
            problems.add("backupThreads must be 1..64, was [" + raw.backupThreads() + "]");
        }
        Optional<BackupMode> mode = BackupMode.parse(raw.backupMode());
        if (mode.isEmpty()) {
            problems.add("backupMode must be sync or async, was [" + raw.backupMode() + "]");
        }
        if (problems.size() > before) {
            return null;
        }
        return new SharingSettings(uri, raw.sticky(), ignore, raw.operationTimeoutMillis(), namespace,
                locking.equals("all"), raw.lockTimeoutMillis(), action.equals("fail"), raw.failOnStoreError(),
                raw.backupQueueCapacity(), raw.backupThreads(), mode.get());
    }

    private static Pattern compile(String regex, List<String> problems) {
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add("requestUriIgnorePattern is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    /**
     * @param host        the virtual host's name (Tomcat's Host, the servlet context's virtual server name)
     * @param contextPath the context path ({@code ""} for ROOT)
     * @return {@code host + contextPath} ({@code /ROOT} for the root context), characters outside
     *         {@code [A-Za-z0-9_./-]} replaced by {@code _}, at most 64 characters
     */
    public static String defaultNamespace(String host, String contextPath) {
        String raw = (host == null ? "host" : host) + (contextPath == null || contextPath.isEmpty() ? "/ROOT" : contextPath);
        String safe = raw.replaceAll("[^A-Za-z0-9_./-]", "_");
        return safe.length() <= 64 ? safe : safe.substring(0, 64);
    }
}
