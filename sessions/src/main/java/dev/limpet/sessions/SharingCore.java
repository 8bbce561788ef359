package dev.limpet.sessions;

import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.store.DeferredStoreBackend;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * What a started session-sharing adapter (Tomcat's manager, the servlet filter) works with: the open store and the
 * collaborators around it, wired the same way for every container. {@link #openBackend} opens the store (or, if
 * its server cannot be reached, has it opened in the background); {@link #start} builds the rest; {@link #close}
 * drains the backup queue and closes the lock and the store. Immutable; the collaborators are thread-safe.
 *
 * @param settings   the validated settings
 * @param store      the open store
 * @param breaker    the store's circuit breaker (opens after {@value #BREAKER_FAILURES} failures in a row, for
 *                   {@value #BREAKER_OPEN_MILLIS} ms)
 * @param queue      the asynchronous backup queue
 * @param backups    decides and serializes store writes; non-sticky saves; deletes
 * @param sticky     sticky mode's versioned writes, claims and expiry refreshes
 * @param tombstones ends invalidated and expired sessions in the store
 * @param reads      takeover reads and one-live-copy checks
 * @param lock       the store lock of {@code lockingMode all}
 * @param nonSticky  non-sticky mode's locking and saving rules
 */
public record SharingCore(SharingSettings settings, SessionStore store, CircuitBreaker breaker, BackupQueue queue,
                          SessionBackups backups, StickyWrites sticky, Tombstones tombstones, StoreReads reads,
                          StoreLock lock, NonStickyRules nonSticky) {

    /** Store failures in a row that open the circuit breaker. */
    public static final int BREAKER_FAILURES = 3;
    /** How long the breaker stays open, and how often an unreachable store is retried, milliseconds. */
    public static final long BREAKER_OPEN_MILLIS = 1000;

    /**
     * Opens the store; a store whose server cannot be reached now is opened later in the background
     * ({@link DeferredStoreBackend}): the web application starts and serves, and store calls fail (counted, circuit
     * breaker) until it opens. Bad settings, and what a reachable server answers as a configuration error (a JDBC
     * password, table or privilege), are added to {@code problems}.
     *
     * @param settings    the validated settings
     * @param dataSource  a {@code DataSource} for {@code jdbc:datasource}, or {@code null}
     * @param classLoader finds the store backends (ServiceLoader)
     * @param problems    receives a message if the store was refused
     * @return the backend, or {@code null} after adding a problem
     */
    public static StoreBackend openBackend(SharingSettings settings, DataSource dataSource, ClassLoader classLoader,
                                           List<String> problems) {
        StoreOptions options = new StoreOptions(settings.storeUri(), settings.operationTimeoutMillis(), dataSource,
                Map.of());
        try {
            return DeferredStoreBackend.openOrDefer(options, classLoader, BREAKER_OPEN_MILLIS);
        } catch (StoreException | RuntimeException e) {
            problems.add("cannot open the store [" + options.redactedStoreUri() + "]: " + e.getMessage());
            return null;
        }
    }

    /**
     * Looks a {@code DataSource} up in JNDI: {@code java:comp/env/NAME} (the web application's environment), then
     * {@code NAME}.
     *
     * @param name     the {@code dataSourceName}
     * @param problems receives a message if it names no {@code DataSource}
     * @return the data source, or {@code null} after adding a problem
     */
    public static DataSource lookupDataSource(String name, List<String> problems) {
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
     * Builds the collaborators on an open backend.
     *
     * @param settings   the validated settings
     * @param backend    from {@link #openBackend}; closed if the store cannot be built on it
     * @param keyRing    the {@code session-blob} key ring
     * @param serializer the session serializer (class filter)
     * @param route      this node's route ({@code null} or empty: none)
     * @param counters   the adapter's counters
     * @param localLock  the adapter's node-local per-session lock
     * @param log        where the collaborators log
     * @return the started core
     * @throws IllegalArgumentException if the store refuses the namespace or key ring (the backend is closed)
     */
    public static SharingCore start(SharingSettings settings, StoreBackend backend, KeyRing keyRing,
                                    SessionSerializer serializer, String route, SessionCounters counters,
                                    LocalSessionLock localLock, System.Logger log) {
        SessionStore store;
        try {
            store = SessionStore.of(backend, settings.namespace(), keyRing, serializer);
        } catch (RuntimeException e) {
            backend.close();
            throw new IllegalArgumentException("cannot open the store: " + e.getMessage(), e);
        }
        CircuitBreaker breaker = new CircuitBreaker(BREAKER_FAILURES, BREAKER_OPEN_MILLIS, System::nanoTime);
        BackupQueue queue = new BackupQueue(settings.namespace(), settings.queueCapacity(), settings.backupThreads(),
                BREAKER_OPEN_MILLIS, breaker);
        SessionBackups backups = new SessionBackups(store, queue, counters, route, RouteCodec.tomcatDefault(), log);
        StickyWrites sticky = new StickyWrites(store, backups, queue, breaker, counters, settings.backupMode());
        Tombstones tombstones = new Tombstones(store, backups, queue, breaker, counters,
                !settings.sticky() || settings.backupMode() == BackupMode.SYNC, log);
        StoreReads reads = new StoreReads(store, breaker, counters, sticky, log);
        StoreLock lock = new StoreLock(store, (int) Math.max(2, settings.lockTimeoutMillis() / 1000 * 2), route);
        NonStickyRules nonSticky = new NonStickyRules(settings, localLock, lock, backups, counters, log);
        return new SharingCore(settings, store, breaker, queue, backups, sticky, tombstones, reads, lock, nonSticky);
    }

    /**
     * @param component the adapter, for the message
     * @param keyRing   the key ring (its public key id is shown, never the secret)
     * @return the "started" log line: store (without credentials), key prefix, mode, key id
     */
    public String startedMessage(String component, KeyRing keyRing) {
        return component + " started: store [" + StoreOptions.of(settings.storeUri()).redactedStoreUri()
                + "], keyPrefix [" + settings.namespace() + "], sticky [" + settings.sticky()
                + (settings.sticky() ? "], backupMode [" + settings.backupMode().name().toLowerCase(Locale.ROOT) : "")
                + "], key id [" + keyRing.signingKey().keyId() + "]";
    }

    /**
     * Waits at most {@code drainMillis} for queued backups, then closes the lock and the store.
     *
     * @param drainMillis longest wait for the backup queue, milliseconds
     */
    public void close(long drainMillis) {
        queue.close(drainMillis);
        lock.close();
        store.close();
    }
}
