package dev.limpet.tomcat;

import dev.limpet.sessions.SharingSettings;
import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.sessions.SecretSource;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.catalina.session.ManagerBase;

/**
 * The {@code context.xml} attributes of {@link LimpetSessionManager} (meaning, units, defaults and ranges: the
 * manager's class javadoc): the bean properties Tomcat's digester sets, and their checks at start —
 * {@link #checkedSettings} validates them into {@link SharingSettings}, {@link #keyRing} reads the secret they name.
 * Problems are collected, not thrown, so that the manager reports every bad attribute in one message. Package
 * private: the public accessors are documented and reflected on as the manager's own.
 *
 * <p>Not synchronized, as Tomcat's own attributes: set while the manager is configured, read at start and
 * by JMX.
 */
abstract class ConfigurableManagerBase extends ManagerBase {

    private String storeUri;
    private String dataSourceName;
    private String secretFile;
    private String secretEnv;
    private boolean sticky = true;
    private String requestUriIgnorePattern = SharingSettings.DEFAULT_IGNORE_PATTERN;
    private long operationTimeoutMillis = StoreOptions.DEFAULT_OPERATION_TIMEOUT_MILLIS;
    private String keyPrefix;
    private String lockingMode = "none";
    private long lockTimeoutMillis = 3000;
    private String lockTimeoutAction = "fail";
    private boolean failOnStoreError;
    private int backupQueueCapacity = 10_000;
    private int backupThreads = 2;
    private String backupMode = "sync";
    private UnaryOperator<String> environment = System::getenv;

    /**
     * @param defaultKeyPrefix the key prefix when {@code keyPrefix} is not set (Host name + context path)
     * @param problems         receives one message per bad attribute
     * @return the validated settings, or {@code null} if a problem was added
     */
    SharingSettings checkedSettings(String defaultKeyPrefix, List<String> problems) {
        return SharingSettings.validate(new SharingSettings.Raw(storeUri, hasDataSource(), sticky,
                requestUriIgnorePattern, operationTimeoutMillis, keyPrefix, defaultKeyPrefix, lockingMode,
                lockTimeoutMillis, lockTimeoutAction, failOnStoreError, backupQueueCapacity, backupThreads, backupMode),
                problems);
    }

    /**
     * @param problems receives a message if the secret is missing, named twice or invalid
     * @return the {@code session-blob} key ring of the secret named by {@code secretFile} or {@code secretEnv},
     *         or {@code null} after adding a problem
     */
    KeyRing keyRing(List<String> problems) {
        return SecretSource.keyRing(secretFile, secretEnv, environment, KeyPurpose.SESSION_BLOB, catalinaBase(),
                problems);
    }

    /** @return {@code $CATALINA_BASE} (system property {@code catalina.base}), against which a relative secretFile is resolved; or {@code null} */
    static java.nio.file.Path catalinaBase() {
        String base = System.getProperty("catalina.base");
        return base == null ? null : java.nio.file.Path.of(base);
    }

    /** @return whether {@code dataSourceName} is set (not empty) */
    boolean hasDataSource() {
        return dataSourceName != null && !dataSourceName.isEmpty();
    }

    /** For tests: where {@code secretEnv} is looked up (default {@link System#getenv(String)}). */
    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /**
     * @return the {@code storeUri} attribute without credentials: what JMX shows as {@code storeUri} (see
     *         {@code mbeans-descriptors.xml} next to the manager), never the password
     */
    public String getRedactedStoreUri() {
        return storeUri == null ? null : StoreOptions.of(storeUri).redactedStoreUri();
    }

    /** @return the {@code storeUri} attribute */
    public String getStoreUri() { return storeUri; }
    /** @param storeUri the store URI (see {@link LimpetSessionManager}) */
    public void setStoreUri(String storeUri) { this.storeUri = storeUri; }

    /** @return the {@code dataSourceName} attribute */
    public String getDataSourceName() { return dataSourceName; }
    /** @param dataSourceName JNDI name of a DataSource for a {@code jdbc:} store */
    public void setDataSourceName(String dataSourceName) { this.dataSourceName = dataSourceName; }

    /** @return the {@code secretFile} attribute */
    public String getSecretFile() { return secretFile; }
    /** @param secretFile path of the master secret file; relative to {@code $CATALINA_BASE} */
    public void setSecretFile(String secretFile) { this.secretFile = secretFile; }

    /** @return the {@code secretEnv} attribute */
    public String getSecretEnv() { return secretEnv; }
    /** @param secretEnv name of the environment variable holding the master secrets */
    public void setSecretEnv(String secretEnv) { this.secretEnv = secretEnv; }

    /** @return the {@code sticky} attribute; default {@code true} */
    public boolean getSticky() { return sticky; }
    /** @param sticky {@code true} for backups of local sessions, {@code false} for the store as source of truth */
    public void setSticky(boolean sticky) { this.sticky = sticky; }

    /** @return the {@code requestUriIgnorePattern} attribute */
    public String getRequestUriIgnorePattern() { return requestUriIgnorePattern; }
    /** @param pattern regular expression of request URIs that never touch the store; empty for none */
    public void setRequestUriIgnorePattern(String pattern) { this.requestUriIgnorePattern = pattern; }

    /** @return the {@code operationTimeoutMillis} attribute; default 1000 */
    public long getOperationTimeoutMillis() { return operationTimeoutMillis; }
    /** @param millis longest store operation, milliseconds, 1..60000 */
    public void setOperationTimeoutMillis(long millis) { this.operationTimeoutMillis = millis; }

    /** @return the {@code keyPrefix} attribute, or {@code null} for host + context path */
    public String getKeyPrefix() { return keyPrefix; }
    /** @param keyPrefix the store key namespace, 1..64 characters of {@code [A-Za-z0-9_./-]} */
    public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }

    /** @return the {@code lockingMode} attribute; default {@code none} */
    public String getLockingMode() { return lockingMode; }
    /** @param lockingMode {@code none} or {@code all} (non-sticky only) */
    public void setLockingMode(String lockingMode) { this.lockingMode = lockingMode; }

    /** @return the {@code lockTimeoutMillis} attribute; default 3000 */
    public long getLockTimeoutMillis() { return lockTimeoutMillis; }
    /** @param millis longest wait for the session lock, milliseconds, 0..60000 */
    public void setLockTimeoutMillis(long millis) { this.lockTimeoutMillis = millis; }

    /** @return the {@code lockTimeoutAction} attribute; default {@code fail} */
    public String getLockTimeoutAction() { return lockTimeoutAction; }
    /** @param action {@code fail} (503) or {@code proceed} (unlocked) when the lock times out */
    public void setLockTimeoutAction(String action) { this.lockTimeoutAction = action; }

    /** @return the {@code failOnStoreError} attribute; default {@code false} */
    public boolean getFailOnStoreError() { return failOnStoreError; }
    /** @param fail non-sticky: answer 503 instead of degrading when the store fails */
    public void setFailOnStoreError(boolean fail) { this.failOnStoreError = fail; }

    /** @return the {@code backupQueueCapacity} attribute; default 10000 */
    public int getBackupQueueCapacity() { return backupQueueCapacity; }
    /** @param capacity sessions waiting for a backup, 1..1000000 */
    public void setBackupQueueCapacity(int capacity) { this.backupQueueCapacity = capacity; }

    /** @return the {@code backupMode} attribute; default {@code sync} */
    public String getBackupMode() { return backupMode; }
    /** @param mode {@code sync} (written before the response is committed) or {@code async} (after it) */
    public void setBackupMode(String mode) { this.backupMode = mode; }

    /** @return the {@code backupThreads} attribute; default 2 */
    public int getBackupThreads() { return backupThreads; }
    /** @param threads backup writer threads, 1..64 */
    public void setBackupThreads(int threads) { this.backupThreads = threads; }
}
