package dev.limpet.tomcat;

import dev.limpet.sessions.SharingSettings;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.store.DeferredStoreBackend;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.sessions.BackupMode;
import dev.limpet.sessions.BackupQueue;
import dev.limpet.sessions.CircuitBreaker;
import dev.limpet.sessions.NonStickyRules;
import dev.limpet.sessions.SessionBackups;
import dev.limpet.sessions.StickyWrites;
import dev.limpet.sessions.StoreLock;
import dev.limpet.sessions.Tombstones;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.apache.catalina.LifecycleException;

/**
 * What a started {@link LimpetSessionManager} works with: its validated settings, the open store and the
 * collaborators around it. {@link #start} checks the attributes, looks the {@code DataSource} up, builds the
 * serializer and opens the store (or, if its server cannot be reached, has it opened in the background); the
 * manager closes the queue and the store at stop. Immutable; the
 * collaborators are thread-safe.
 *
 * @param settings the validated attributes
 * @param store    the open store
 * @param breaker  the store's circuit breaker (opens after {@value #BREAKER_FAILURES} failures in a row)
 * @param queue    the asynchronous backup queue
 * @param loader   loads sessions from the store (takeover, non-sticky)
 * @param backups    decides and serializes store writes; non-sticky saves; deletes
 * @param sticky     sticky mode's versioned writes, claims and expiry refreshes
 * @param tombstones ends invalidated and expired sessions in the store
 * @param lock       the store lock of {@code lockingMode all}
 * @param nonSticky  non-sticky mode's locking and saving rules
 */
record ManagerRuntime(SharingSettings settings, SessionStore store, CircuitBreaker breaker, BackupQueue queue,
                      SessionLoader loader, SessionBackups backups, StickyWrites sticky, Tombstones tombstones,
                      StoreLock lock, NonStickyRules nonSticky) {

    private static final int BREAKER_FAILURES = 3;
    private static final long BREAKER_OPEN_MILLIS = 1000;

    /**
     * Checks every attribute of the manager, then opens the store and builds the collaborators.
     *
     * @param manager    the manager being started (its Context, jvmRoute, counters and log)
     * @param attributes its attributes
     * @return the runtime of the started manager
     * @throws LifecycleException naming every bad attribute at once, and the store if its URI or settings were
     *                            refused or its server answered with a configuration error (never because it is
     *                            unreachable)
     */
    static ManagerRuntime start(LimpetSessionManager manager, ManagerAttributes attributes)
            throws LifecycleException {
        List<String> problems = new ArrayList<>();
        SharingSettings settings = attributes.settings(defaultKeyPrefix(manager), problems);
        KeyRing keyRing = attributes.keyRing(problems);
        SessionSerializer serializer = serializer(manager, problems);
        DataSource dataSource = dataSource(attributes, problems);
        StoreBackend backend = settings == null || (attributes.hasDataSource() && dataSource == null) ? null
                : openBackend(settings, dataSource, problems);
        if (!problems.isEmpty()) {
            if (backend != null) {
                backend.close();
            }
            throw new LifecycleException(manager.describe() + " cannot start: " + String.join("; ", problems));
        }
        SessionStore store = storeOf(manager, backend, settings, keyRing, serializer);
        CircuitBreaker breaker = new CircuitBreaker(BREAKER_FAILURES, BREAKER_OPEN_MILLIS, System::nanoTime);
        BackupQueue queue = new BackupQueue(settings.namespace(), settings.queueCapacity(), settings.backupThreads(),
                BREAKER_OPEN_MILLIS, breaker);
        RouteCodec routeCodec = RouteCodec.tomcatDefault();
        String jvmRoute = manager.getJvmRoute();
        System.Logger log = System.getLogger(LimpetSessionManager.class.getName());
        SessionBackups backups = new SessionBackups(store, queue, manager.counters(), jvmRoute, routeCodec, log);
        StickyWrites sticky = new StickyWrites(store, backups, queue, breaker, manager.counters(),
                settings.backupMode());
        Tombstones tombstones = new Tombstones(store, backups, queue, breaker, manager.counters(),
                !settings.sticky() || settings.backupMode() == BackupMode.SYNC, log);
        SessionLoader loader = new SessionLoader(manager, store, breaker, manager.counters(), routeCodec, jvmRoute,
                settings.sticky(), sticky, manager.log());
        StoreLock lock = new StoreLock(store, (int) Math.max(2, settings.lockTimeoutMillis() / 1000 * 2), jvmRoute);
        manager.log().info(manager.describe() + " started: store [" + StoreOptions.of(settings.storeUri())
                .redactedStoreUri() + "], keyPrefix [" + settings.namespace() + "], sticky [" + settings.sticky()
                + (settings.sticky() ? "], backupMode [" + settings.backupMode().name().toLowerCase(java.util.Locale.ROOT) : "")
                + "], key id [" + keyRing.signingKey().keyId() + "]");
        NonStickyRules nonSticky = new NonStickyRules(settings, manager.localLock(), lock, backups, manager.counters(),
                log);
        return new ManagerRuntime(settings, store, breaker, queue, loader, backups, sticky, tombstones, lock,
                nonSticky);
    }

    /**
     * Deletes the store copy of a session whose id changed to another store id.
     *
     * @param sessionId the session id, route or not
     */
    void deleteFromStore(String sessionId) {
        backups.delete(sessionId, !settings.sticky());
    }

    private static String defaultKeyPrefix(LimpetSessionManager manager) {
        org.apache.catalina.Container host = manager.getContext().getParent();
        return SharingSettings.defaultNamespace(host == null ? null : host.getName(), manager.getContext().getPath());
    }

    private static SessionSerializer serializer(LimpetSessionManager manager, List<String> problems) {
        try {
            return SerializerSettings.serializer(manager);
        } catch (RuntimeException e) {
            problems.add("sessionAttributeValueClassNameFilter is invalid: " + e.getMessage());
            return null;
        }
    }

    private static DataSource dataSource(ManagerAttributes attributes, List<String> problems) {
        if (!attributes.hasDataSource()) {
            return null;
        }
        String name = attributes.getDataSourceName();
        try {
            InitialContext naming = new InitialContext();
            try {
                return (DataSource) naming.lookup("java:comp/env/" + name);
            } catch (NamingException e) {
                return (DataSource) naming.lookup(name);
            }
        } catch (NamingException | ClassCastException e) {
            problems.add("dataSourceName [" + name + "] does not name a javax.sql.DataSource: " + e);
            return null;
        }
    }

    /**
     * Opens the store; a store whose server cannot be reached now is opened later in the background
     * ({@link DeferredStoreBackend}): the Context starts and serves, and store calls fail (counted, circuit breaker)
     * until it opens. Bad settings, and what a reachable server answers as a configuration error (a JDBC password,
     * table or privilege), are added to {@code problems}.
     *
     * @return the backend, or {@code null} after adding a problem
     */
    private static StoreBackend openBackend(SharingSettings settings, DataSource dataSource, List<String> problems) {
        StoreOptions options = new StoreOptions(settings.storeUri(), settings.operationTimeoutMillis(), dataSource,
                Map.of());
        try {
            return DeferredStoreBackend.openOrDefer(options, LimpetSessionManager.class.getClassLoader(),
                    BREAKER_OPEN_MILLIS);
        } catch (StoreException | RuntimeException e) {
            problems.add("cannot open the store [" + options.redactedStoreUri() + "]: " + e.getMessage());
            return null;
        }
    }

    private static SessionStore storeOf(LimpetSessionManager manager, StoreBackend backend, SharingSettings settings,
                                        KeyRing keyRing, SessionSerializer serializer) throws LifecycleException {
        try {
            return SessionStore.of(backend, settings.namespace(), keyRing, serializer);
        } catch (RuntimeException e) {
            backend.close();
            throw new LifecycleException(manager.describe() + " cannot open the store: " + e.getMessage(), e);
        }
    }
}
