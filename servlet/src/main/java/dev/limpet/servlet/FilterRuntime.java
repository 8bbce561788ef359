package dev.limpet.servlet;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.KeyRing;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.sessions.LocalSessionLock;
import dev.limpet.sessions.RefusedClassLog;
import dev.limpet.sessions.SecretSource;
import dev.limpet.sessions.SessionCounters;
import dev.limpet.sessions.SharingCore;
import dev.limpet.sessions.SharingSettings;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * What a started {@link SessionSharingFilter} works with: the shared session core, this node's sessions, the
 * session cookie, the counters, and the idle-expiry sweep (every {@value #EXPIRY_SWEEP_SECONDS} seconds, as
 * Tomcat's default {@code processExpiresFrequency} × {@code backgroundProcessorDelay}). {@link #start} reads and
 * checks every init parameter first and reports all problems in one {@link ServletException}. Thread-safe.
 */
final class FilterRuntime implements AutoCloseable {

    /** How often idle sessions are expired, seconds. */
    static final int EXPIRY_SWEEP_SECONDS = 60;

    private static final long DRAIN_ON_STOP_MILLIS = 5000;

    /** The init parameters: the manager's attributes of the same names, and the route and the session cookie. */
    static final Set<String> PARAMETERS = Set.of("storeUri", "dataSourceName", "secretFile", "secretEnv", "sticky",
            "requestUriIgnorePattern", "sessionAttributeValueClassNameFilter", "operationTimeoutMillis", "keyPrefix",
            "lockingMode", "lockTimeoutMillis", "lockTimeoutAction", "failOnStoreError", "backupMode",
            "backupQueueCapacity", "backupThreads", "route", "sessionCookieName", "sessionCookieSameSite");

    private final SharingCore core;
    private final SessionRepository repository;
    private final SessionCookies cookies;
    private final SessionCounters counters;
    private final ScheduledExecutorService sweeper;

    private FilterRuntime(SharingCore core, SessionRepository repository, SessionCookies cookies,
                          SessionCounters counters) {
        this.core = core;
        this.repository = repository;
        this.cookies = cookies;
        this.counters = counters;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "limpet-session-expiry-" + core.settings().namespace());
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, EXPIRY_SWEEP_SECONDS, EXPIRY_SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * @param config      the filter's configuration
     * @param environment looks {@code secretEnv} up
     * @param log         the filter's logger
     * @return the started runtime
     * @throws ServletException naming every bad init parameter, and the store if it was refused (never because
     *                          its server is unreachable: it is then opened in the background)
     */
    static FilterRuntime start(FilterConfig config, UnaryOperator<String> environment, System.Logger log)
            throws ServletException {
        InitParameters parameters = new InitParameters(config, PARAMETERS);
        ServletContext context = config.getServletContext();
        List<String> problems = parameters.problems();
        SharingSettings settings = SharingSettings.validate(raw(parameters, context), problems);
        String route = parameters.route();
        if (route == null || !RouteCodec.isValidRoute(route)) {
            problems.add(route == null ? "no route: set the init parameter route or the context parameter "
                    + InitParameters.CONTEXT_ROUTE : "route [" + route + "] must match [A-Za-z0-9_-]{1,64}");
        }
        KeyRing keyRing = SecretSource.keyRing(parameters.string("secretFile", null),
                parameters.string("secretEnv", null), environment, KeyPurpose.SESSION_BLOB,
                parameters.baseDirectory(), problems);
        SessionSerializer serializer = serializer(parameters, context, log, problems);
        SessionCookies cookies = cookies(parameters, context, problems);
        String dataSourceName = parameters.string("dataSourceName", null);
        DataSource dataSource = dataSourceName == null ? null : SharingCore.lookupDataSource(dataSourceName, problems);
        StoreBackend backend = settings == null || (dataSourceName != null && dataSource == null) ? null
                : SharingCore.openBackend(settings, dataSource, FilterRuntime.class.getClassLoader(), problems);
        String name = "SessionSharingFilter of [" + describe(context) + "]";
        if (!problems.isEmpty()) {
            if (backend != null) {
                backend.close();
            }
            throw new ServletException(name + " cannot start: " + String.join("; ", problems));
        }
        SessionCounters counters = new SessionCounters();
        SharingCore core;
        try {
            core = SharingCore.start(settings, backend, keyRing, serializer, route, counters, new LocalSessionLock(),
                    log);
        } catch (IllegalArgumentException e) {
            throw new ServletException(name + " " + e.getMessage(), e);
        }
        log.log(System.Logger.Level.INFO, core.startedMessage(name, keyRing) + ", route [" + route + "]");
        return new FilterRuntime(core, new SessionRepository(core, counters, route, cookies, context, log), cookies,
                counters);
    }

    private static SharingSettings.Raw raw(InitParameters p, ServletContext context) {
        return new SharingSettings.Raw(p.string("storeUri", null), p.string("dataSourceName", null) != null,
                p.bool("sticky", true), p.string("requestUriIgnorePattern", SharingSettings.DEFAULT_IGNORE_PATTERN),
                p.number("operationTimeoutMillis", StoreOptions.DEFAULT_OPERATION_TIMEOUT_MILLIS),
                p.string("keyPrefix", null),
                SharingSettings.defaultNamespace(context.getVirtualServerName(), context.getContextPath()),
                p.string("lockingMode", "none"), p.number("lockTimeoutMillis", 3000),
                p.string("lockTimeoutAction", "fail"), p.bool("failOnStoreError", false),
                (int) p.number("backupQueueCapacity", 10_000), (int) p.number("backupThreads", 2),
                p.string("backupMode", "sync"));
    }

    private static SessionSerializer serializer(InitParameters p, ServletContext context, System.Logger log,
                                                List<String> problems) {
        String filter = p.string("sessionAttributeValueClassNameFilter", null);
        ClassLoader loader = context.getClassLoader(); // null in an embedded context without its own loader
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : FilterRuntime.class.getClassLoader();
        }
        try {
            return SessionSerializer.builder().classLoader(loader).allowRegex(filter)
                    .applicationClasses(filter == null)
                    .onRefusedClass(new RefusedClassLog("SessionSharingFilter of [" + describe(context) + "]", filter,
                            "the container's shared libraries", log))
                    .build();
        } catch (RuntimeException e) {
            problems.add(e instanceof java.util.regex.PatternSyntaxException
                    ? "sessionAttributeValueClassNameFilter is invalid: " + e.getMessage()
                    : "the session serializer cannot be built: " + e);
            return null;
        }
    }

    private static SessionCookies cookies(InitParameters p, ServletContext context, List<String> problems) {
        String configured = context.getSessionCookieConfig().getName();
        String name = p.string("sessionCookieName", configured == null ? "JSESSIONID" : configured);
        String sameSite = p.string("sessionCookieSameSite", "Lax");
        if (!List.of("strict", "lax", "none", "unset").contains(sameSite.toLowerCase(java.util.Locale.ROOT))) {
            problems.add("sessionCookieSameSite must be one of Strict, Lax, None, unset, was [" + sameSite + "]");
        }
        return new SessionCookies(name, sameSite);
    }

    private static String describe(ServletContext context) {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private void sweep() {
        try {
            repository.expireIdle();
        } catch (RuntimeException e) {
            System.getLogger(SessionSharingFilter.class.getName()).log(System.Logger.Level.WARNING,
                    "Idle session expiry failed; retried at the next sweep", e);
        }
    }

    SharingCore core() {
        return core;
    }

    SessionRepository repository() {
        return repository;
    }

    SessionCookies cookies() {
        return cookies;
    }

    SessionCounters counters() {
        return counters;
    }

    /** Stops the sweep, waits (at most 5 seconds) for queued backups, closes the store. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        core.close(DRAIN_ON_STOP_MILLIS);
    }
}
