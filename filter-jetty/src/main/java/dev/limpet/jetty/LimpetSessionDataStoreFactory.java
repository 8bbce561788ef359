package dev.limpet.jetty;

import dev.limpet.sessions.SecretSource;
import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.session.AbstractSessionDataStoreFactory;
import org.eclipse.jetty.session.SessionContext;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionManager;

/**
 * Makes a {@link LimpetSessionDataStore} for every web application's session manager, as Jetty's own
 * {@code session-store-*} modules do: a server bean ({@code etc/limpet-session-store.xml} of the Jetty module
 * {@code limpet-session}, {@code docs/jetty.md}) that Jetty's {@code SessionHandler} finds when it starts.
 *
 * <p><b>Settings</b> (JavaBean setters, set in Jetty XML from the module's {@code jetty.session.limpet.*}
 * properties; all checked when an application starts, every problem in one message, and the application does not
 * start):
 * <ul>
 * <li>{@code storeUri} — {@code redis://…}, {@code rediss://…}, {@code memcached://h1:11211,h2:11211},
 *     {@code jdbc:postgresql://…}, {@code jdbc:mariadb://…}, {@code jdbc:h2:…} or {@code memory:}; the stores'
 *     pages in {@code docs/} list every URI option. No default.</li>
 * <li>{@code secretFile} — the master secret file (relative paths against {@code jetty.base}), or
 *     {@code secretEnv}, an environment variable holding it; exactly one. The key is derived for purpose
 *     {@code session-blob}; the secret is never logged.</li>
 * <li>{@code keyPrefix} — the key namespace of the application, 1..64 characters of {@code [A-Za-z0-9_./-]}.
 *     Default: the virtual host and the context path ({@code localhost/cart}; {@code /ROOT} for the root
 *     context), as the Tomcat manager's default. Nodes of one farm must use the same.</li>
 * <li>{@code operationTimeoutMillis} — longest wait for one store operation, milliseconds, 1..60000. Default
 *     {@value StoreOptions#DEFAULT_OPERATION_TIMEOUT_MILLIS}.</li>
 * <li>{@code sessionAttributeValueClassNameFilter} — a regular expression: only the classes whose whole name
 *     matches it (and the JDK basics) are deserialized. Default: unset, the JDK basics and every class the web
 *     application's own class loader defines ({@code WEB-INF/classes}, {@code WEB-INF/lib}).</li>
 * <li>{@code gracePeriodSec}, {@code savePeriodSec} — Jetty's ({@link AbstractSessionDataStoreFactory}).
 *     {@code savePeriodSec} must stay 0 (the default) for objects changed in place to be caught.</li>
 * </ul>
 *
 * <p>Thread-safe once configured.
 */
public class LimpetSessionDataStoreFactory extends AbstractSessionDataStoreFactory {

    private static final System.Logger LOG = System.getLogger(LimpetSessionDataStoreFactory.class.getName());
    private static final long MAX_TIMEOUT_MILLIS = 60_000;

    private final Set<LimpetSessionDataStore> stores = new CopyOnWriteArraySet<>();
    private UnaryOperator<String> environment = System::getenv;
    private String storeUri;
    private String secretFile;
    private String secretEnv;
    private String keyPrefix;
    private long operationTimeoutMillis = StoreOptions.DEFAULT_OPERATION_TIMEOUT_MILLIS;
    private String sessionAttributeValueClassNameFilter;

    @Override
    public SessionDataStore getSessionDataStore(SessionManager manager) {
        LimpetSessionDataStore store = new LimpetSessionDataStore(this::open);
        store.setGracePeriodSec(getGracePeriodSec());
        store.setSavePeriodSec(getSavePeriodSec());
        stores.add(store);
        return store;
    }

    private StoreRuntime open(SessionContext context, ClassLoader webapp) {
        String namespace = keyPrefix != null && !keyPrefix.isBlank() ? keyPrefix.trim()
                : defaultNamespace(context.getVhost(), context.getCanonicalContextPath());
        List<String> problems = new ArrayList<>();
        if (storeUri == null || storeUri.isBlank()) {
            problems.add("storeUri is not set (jetty.session.limpet.storeUri)");
        }
        if (operationTimeoutMillis < 1 || operationTimeoutMillis > MAX_TIMEOUT_MILLIS) {
            problems.add("operationTimeoutMillis [" + operationTimeoutMillis + "] must be 1.." + MAX_TIMEOUT_MILLIS);
        }
        if (getSavePeriodSec() != 0) {
            problems.add("savePeriodSec [" + getSavePeriodSec() + "] must be 0: a session changed in place would"
                    + " otherwise not be written");
        }
        KeyRing keyRing = SecretSource.keyRing(secretFile, secretEnv, environment, KeyPurpose.SESSION_BLOB, JettyBase.directory(), problems);
        SessionSerializer serializer = serializer(webapp, problems);
        if (problems.isEmpty()) {
            StoreOptions options = StoreOptions.of(storeUri.trim()).withOperationTimeoutMillis(operationTimeoutMillis);
            try {
                StoreRuntime runtime = StoreRuntime.open(options, namespace, keyRing, serializer);
                LOG.log(Level.INFO, "Limpet session store [{0}] for [{1}], key id [{2}]", options.redactedStoreUri(),
                        namespace, keyRing.signingKey().keyId());
                return runtime;
            } catch (StoreException | RuntimeException e) {
                problems.add("cannot open the store [" + options.redactedStoreUri() + "]: " + e.getMessage());
            }
        }
        throw new IllegalStateException("Limpet session store of [" + namespace + "] cannot start: "
                + String.join("; ", problems));
    }

    private SessionSerializer serializer(ClassLoader webapp, List<String> problems) {
        boolean filterSet = sessionAttributeValueClassNameFilter != null && !sessionAttributeValueClassNameFilter.isBlank();
        try {
            return SessionSerializer.builder().classLoader(webapp)
                    .allowRegex(filterSet ? sessionAttributeValueClassNameFilter : null)
                    .applicationClasses(!filterSet).build();
        } catch (RuntimeException e) {
            problems.add("sessionAttributeValueClassNameFilter is invalid: " + e.getMessage());
            return null;
        }
    }

    /**
     * @param vhost         Jetty's virtual host of the context ({@code 0.0.0.0} when it has none)
     * @param canonicalPath Jetty's canonical context path ({@code ""} for the root context)
     * @return {@code host/path} with characters outside {@code [A-Za-z0-9_./-]} replaced by {@code _}, at most
     *         64 characters; {@code localhost} for no virtual host and {@code ROOT} for the root context
     */
    static String defaultNamespace(String vhost, String canonicalPath) {
        String host = vhost == null || vhost.isEmpty() || SessionContext.NULL_VHOST.equals(vhost) ? "localhost" : vhost;
        String path = canonicalPath == null || canonicalPath.isEmpty() ? "ROOT" : canonicalPath;
        String safe = (host + "/" + path).replaceAll("[^A-Za-z0-9_./-]", "_");
        return safe.length() <= 64 ? safe : safe.substring(0, 64);
    }

    /**
     * Tells every application's store that a request names a session of another worker (see
     * {@link LimpetSessionDataStore#checkMovedSession}).
     *
     * @param id the route-less session id, untrusted
     */
    void checkMovedSession(String id) {
        for (LimpetSessionDataStore store : stores) {
            if (store.isStarted()) {
                store.checkMovedSession(id);
            }
        }
    }

    /** For tests: where {@code secretEnv} is looked up (default {@link System#getenv(String)}). */
    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** @return the store URI, or {@code null} */
    public String getStoreUri() {
        return storeUri;
    }

    /** @param storeUri the store URI (see the class comment) */
    public void setStoreUri(String storeUri) {
        this.storeUri = storeUri;
    }

    /** @return the secret file, or {@code null} */
    public String getSecretFile() {
        return secretFile;
    }

    /** @param secretFile the master secret file; relative to {@code jetty.base} */
    public void setSecretFile(String secretFile) {
        this.secretFile = secretFile;
    }

    /** @return the environment variable holding the secret, or {@code null} */
    public String getSecretEnv() {
        return secretEnv;
    }

    /** @param secretEnv the environment variable holding the master secret */
    public void setSecretEnv(String secretEnv) {
        this.secretEnv = secretEnv;
    }

    /** @return the key namespace, or {@code null} for the default */
    public String getKeyPrefix() {
        return keyPrefix;
    }

    /** @param keyPrefix the key namespace; default virtual host and context path */
    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** @return the operation timeout, milliseconds */
    public long getOperationTimeoutMillis() {
        return operationTimeoutMillis;
    }

    /** @param operationTimeoutMillis the operation timeout, milliseconds, 1..60000 */
    public void setOperationTimeoutMillis(long operationTimeoutMillis) {
        this.operationTimeoutMillis = operationTimeoutMillis;
    }

    /** @return the class name filter, or {@code null} */
    public String getSessionAttributeValueClassNameFilter() {
        return sessionAttributeValueClassNameFilter;
    }

    /** @param filter a regular expression of the class names that may be deserialized; unset: see class comment */
    public void setSessionAttributeValueClassNameFilter(String filter) {
        this.sessionAttributeValueClassNameFilter = filter;
    }
}
