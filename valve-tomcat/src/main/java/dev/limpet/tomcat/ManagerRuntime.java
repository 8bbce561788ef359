package dev.limpet.tomcat;

import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.sessions.BackupQueue;
import dev.limpet.sessions.NonStickyRules;
import dev.limpet.sessions.SessionBackups;
import dev.limpet.sessions.SharingCore;
import dev.limpet.sessions.SharingSettings;
import dev.limpet.sessions.StickyWrites;
import dev.limpet.sessions.StoreLock;
import dev.limpet.sessions.Tombstones;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.catalina.LifecycleException;

/**
 * What a started {@link LimpetSessionManager} works with: the container-neutral {@link SharingCore} (validated
 * settings, open store, circuit breaker, backup queue, writers, locks) and the Tomcat-side {@link SessionLoader}.
 * {@link #start} checks the attributes, looks the {@code DataSource} up, builds the serializer and opens the store
 * (or, if its server cannot be reached, has it opened in the background); the manager closes the queue and the
 * store at stop. Immutable; the collaborators are thread-safe.
 *
 * @param core   the shared session core
 * @param loader loads sessions from the store into the manager (takeover, non-sticky)
 */
record ManagerRuntime(SharingCore core, SessionLoader loader) {

    /**
     * Checks every attribute of the manager, then opens the store and builds the collaborators.
     *
     * @param manager the manager being started (its attributes, Context, jvmRoute, counters and log)
     * @return the runtime of the started manager
     * @throws LifecycleException naming every bad attribute at once, and the store if its URI or settings were
     *                            refused or its server answered with a configuration error (never because it is
     *                            unreachable)
     */
    static ManagerRuntime start(LimpetSessionManager manager)
            throws LifecycleException {
        List<String> problems = new ArrayList<>();
        SharingSettings settings = manager.checkedSettings(defaultKeyPrefix(manager), problems);
        KeyRing keyRing = manager.keyRing(problems);
        SessionSerializer serializer = serializer(manager, problems);
        DataSource dataSource = dataSource(manager, problems);
        StoreBackend backend = settings == null || (manager.hasDataSource() && dataSource == null) ? null
                : SharingCore.openBackend(settings, dataSource, LimpetSessionManager.class.getClassLoader(), problems);
        if (!problems.isEmpty()) {
            if (backend != null) {
                backend.close();
            }
            throw new LifecycleException(manager.describe() + " cannot start: " + String.join("; ", problems));
        }
        System.Logger log = System.getLogger(LimpetSessionManager.class.getName());
        String jvmRoute = manager.getJvmRoute();
        SharingCore core;
        try {
            core = SharingCore.start(settings, backend, keyRing, serializer, jvmRoute, manager.counters(),
                    manager.localLock(), log);
        } catch (IllegalArgumentException e) {
            throw new LifecycleException(manager.describe() + " " + e.getMessage(), e);
        }
        SessionLoader loader = new SessionLoader(manager, core, RouteCodec.tomcatDefault(), jvmRoute,
                manager.log());
        manager.log().info(core.startedMessage(manager.describe(), keyRing));
        return new ManagerRuntime(core, loader);
    }

    SharingSettings settings() { return core.settings(); }

    SessionStore store() { return core.store(); }

    BackupQueue queue() { return core.queue(); }

    SessionBackups backups() { return core.backups(); }

    StickyWrites sticky() { return core.sticky(); }

    Tombstones tombstones() { return core.tombstones(); }

    StoreLock lock() { return core.lock(); }

    NonStickyRules nonSticky() { return core.nonSticky(); }

    /**
     * Deletes the store copy of a session whose id changed to another store id.
     *
     * @param sessionId the session id, route or not
     */
    void deleteFromStore(String sessionId) {
        core.backups().delete(sessionId, !core.settings().sticky());
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

    private static DataSource dataSource(LimpetSessionManager manager, List<String> problems) {
        if (!manager.hasDataSource()) {
            return null;
        }
        return SharingCore.lookupDataSource(manager.getDataSourceName(), problems);
    }
}
