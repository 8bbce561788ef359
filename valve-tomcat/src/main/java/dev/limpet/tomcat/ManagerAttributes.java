package dev.limpet.tomcat;

import dev.limpet.sessions.SharingSettings;
import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.sessions.SecretSource;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The attribute values of one {@link LimpetSessionManager} as Tomcat sets them from {@code context.xml}
 * (meaning, units, defaults and ranges: the manager's class javadoc), and their checks at start:
 * {@link #settings} validates them into {@link SharingSettings}, {@link #keyRing} reads the secret they name.
 * Problems are collected, not thrown, so that the manager reports every bad attribute in one message.
 *
 * <p>Not synchronized, as Tomcat's own attributes: set while the manager is configured, read at start and
 * by JMX.
 */
final class ManagerAttributes {

    private String storeUri;
    private String dataSourceName;
    private String secretFile;
    private String secretEnv;
    private boolean sticky = true;
    private String requestUriIgnorePattern = LimpetSessionManager.DEFAULT_IGNORE_PATTERN;
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
    SharingSettings settings(String defaultKeyPrefix, List<String> problems) {
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

    String getStoreUri() {
        return storeUri;
    }

    void setStoreUri(String storeUri) {
        this.storeUri = storeUri;
    }

    String getDataSourceName() {
        return dataSourceName;
    }

    void setDataSourceName(String dataSourceName) {
        this.dataSourceName = dataSourceName;
    }

    String getSecretFile() {
        return secretFile;
    }

    void setSecretFile(String secretFile) {
        this.secretFile = secretFile;
    }

    String getSecretEnv() {
        return secretEnv;
    }

    void setSecretEnv(String secretEnv) {
        this.secretEnv = secretEnv;
    }

    boolean getSticky() {
        return sticky;
    }

    void setSticky(boolean sticky) {
        this.sticky = sticky;
    }

    String getRequestUriIgnorePattern() {
        return requestUriIgnorePattern;
    }

    void setRequestUriIgnorePattern(String pattern) {
        this.requestUriIgnorePattern = pattern;
    }

    long getOperationTimeoutMillis() {
        return operationTimeoutMillis;
    }

    void setOperationTimeoutMillis(long millis) {
        this.operationTimeoutMillis = millis;
    }

    String getKeyPrefix() {
        return keyPrefix;
    }

    void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    String getLockingMode() {
        return lockingMode;
    }

    void setLockingMode(String lockingMode) {
        this.lockingMode = lockingMode;
    }

    long getLockTimeoutMillis() {
        return lockTimeoutMillis;
    }

    void setLockTimeoutMillis(long millis) {
        this.lockTimeoutMillis = millis;
    }

    String getLockTimeoutAction() {
        return lockTimeoutAction;
    }

    void setLockTimeoutAction(String action) {
        this.lockTimeoutAction = action;
    }

    boolean getFailOnStoreError() {
        return failOnStoreError;
    }

    void setFailOnStoreError(boolean fail) {
        this.failOnStoreError = fail;
    }

    int getBackupQueueCapacity() {
        return backupQueueCapacity;
    }

    void setBackupQueueCapacity(int capacity) {
        this.backupQueueCapacity = capacity;
    }

    int getBackupThreads() {
        return backupThreads;
    }

    void setBackupThreads(int threads) {
        this.backupThreads = threads;
    }

    String getBackupMode() {
        return backupMode;
    }

    void setBackupMode(String backupMode) {
        this.backupMode = backupMode;
    }
}
