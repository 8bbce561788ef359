package dev.limpet.router.table;

import dev.limpet.router.node.PinnedSessionCounter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The router's session table: learned session keys (application cookies, session headers), client subnets and
 * TLS session ids, each mapped to the route of the node that holds the session (HAProxy's {@code stick-table},
 * nginx's {@code sticky learn} zone). docs/architecture.md §3: keys are learned from <em>responses</em> only; a request
 * can only look a key up.
 *
 * <p>Bounded and LRU with an idle timeout: a Caffeine cache with {@code maximumSize(maxEntries)} and
 * {@code expireAfterAccess(idleTimeoutSeconds)}; its maintenance runs on the calling threads (no extra
 * threads). An entry holds the route (the node's own {@code String}, shared by all entries of that node) and
 * when the entry was last shared; Caffeine keeps its last-access time.
 *
 * <p>Keys: {@link #key(String, String)} rejects empty and over-long values (longer than {@code maxKeyLength})
 * and replaces values of more than {@value #HASH_THRESHOLD} characters by their SHA-256 (43 base64url
 * characters), so a client cannot grow an entry beyond a fixed size.
 *
 * <p>With {@link SharedPins} (Redis), a new or changed pin is written behind, an unchanged pin is re-shared
 * once a quarter of the idle timeout has passed (so the shared TTL follows use), and a local miss reads
 * through, bounded by the shared store's timeout; a key the store did not know is not asked for again within
 * {@value #SHARED_MISS_SECONDS} s (at most 100,000 such keys are remembered), so a client repeating a value nobody
 * issued costs one Redis read, not one per request. A failing store leaves the local table working.
 *
 * <p>Thread-safe.
 */
public final class SessionTable implements PinnedSessionCounter, AutoCloseable {

    /** Values longer than this are stored as their SHA-256 hash. */
    public static final int HASH_THRESHOLD = 64;
    private static final int MAX_ROUTES = 1024;
    /** Keys Redis did not know are not asked again for this long (a client repeating an unknown value). */
    static final long SHARED_MISS_SECONDS = 5;
    private static final long SHARED_MISSES = 100_000;

    private final Cache<String, Pin> cache;
    private final Cache<String, Boolean> sharedMisses;
    private final SessionTableConfig config;
    private final SharedPins shared;
    private final Ticker ticker;
    private final long reshareNanos;
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> pinsByRoute = new ConcurrentHashMap<>();
    private final LongAdder sizeEvictions = new LongAdder();
    private final LongAdder idleExpirations = new LongAdder();
    private final LongAdder rejectedKeys = new LongAdder();

    /**
     * @param config the table settings
     * @param shared the Redis sharing, or {@code null} for a local table (closed with this table)
     */
    public SessionTable(SessionTableConfig config, SharedPins shared) {
        this(config, shared, Ticker.systemTicker());
    }

    /** As {@link #SessionTable(SessionTableConfig, SharedPins)} with an explicit clock (tests). */
    SessionTable(SessionTableConfig config, SharedPins shared, Ticker ticker) {
        this.config = config;
        this.shared = shared;
        this.ticker = ticker;
        this.reshareNanos = TimeUnit.SECONDS.toNanos(config.idleTimeoutSeconds()) / 4;
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.maxEntries())
                .expireAfterAccess(Duration.ofSeconds(config.idleTimeoutSeconds()))
                .executor(Runnable::run)
                .ticker(ticker)
                .removalListener((String key, Pin pin, RemovalCause cause) -> removed(pin, cause))
                .build();
        this.sharedMisses = shared == null ? null : Caffeine.newBuilder().maximumSize(SHARED_MISSES)
                .expireAfterWrite(Duration.ofSeconds(SHARED_MISS_SECONDS)).executor(Runnable::run).ticker(ticker)
                .build();
    }

    private void removed(Pin pin, RemovalCause cause) {
        if (pin != null) {
            pins(pin.route).decrement();
        }
        if (cause == RemovalCause.SIZE) {
            sizeEvictions.increment();
        } else if (cause == RemovalCause.EXPIRED) {
            idleExpirations.increment();
        }
    }

    /**
     * Builds a table key from untrusted input.
     *
     * @param namespace the method's namespace, e.g. {@code cookie:JSESSIONID=}; short and constant
     * @param value     the learned or requested value, possibly {@code null}
     * @return the key, or {@code null} when the value is {@code null}, empty or longer than {@code maxKeyLength}
     */
    public String key(String namespace, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > config.maxKeyLength()) {
            rejectedKeys.increment();
            return null;
        }
        return value.length() > HASH_THRESHOLD ? namespace + '#' + sha256(value) : namespace + value;
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /**
     * Looks a key up; a hit counts as use (it resets the idle timeout). A local miss reads through the shared
     * store when configured, waiting at most its read timeout.
     *
     * @param key a key from {@link #key(String, String)}, possibly {@code null}
     * @return the pinned route, or {@code null}
     */
    public String route(String key) {
        if (key == null) {
            return null;
        }
        Pin pin = cache.getIfPresent(key);
        if (pin != null) {
            reshareIfStale(key, pin);
            return pin.route;
        }
        if (shared == null) {
            return null;
        }
        if (sharedMisses.getIfPresent(key) != null) {
            return null;
        }
        String route = shared.get(key);
        if (route == null) {
            sharedMisses.put(key, Boolean.TRUE);
            return null;
        }
        route = canonical(route);
        insert(key, route);
        return route;
    }

    /**
     * Pins a key to a route (learned from a response, or re-pinned after a failover). Writing the same route
     * again only counts as use.
     *
     * @param key   a key from {@link #key(String, String)}; {@code null} is ignored
     * @param route the route of the node that served the response
     */
    public void pin(String key, String route) {
        if (key == null) {
            return;
        }
        Pin pin = cache.getIfPresent(key);
        if (pin != null && pin.route.equals(route)) {
            reshareIfStale(key, pin);
            return;
        }
        String canonical = canonical(route);
        insert(key, canonical);
        if (shared != null) {
            sharedMisses.invalidate(key);
            shared.put(key, canonical);
        }
    }

    private void insert(String key, String route) {
        pins(route).increment();
        cache.put(key, new Pin(route, ticker.read()));
    }

    private LongAdder pins(String route) {
        return pinsByRoute.computeIfAbsent(route, r -> new LongAdder());
    }

    /**
     * Drain reporting: how many table entries pin a route (kept as counters, updated on every insert and removal,
     * so this is O(1)). Entries past their idle timeout count until the table's next maintenance drops them.
     *
     * @param route a node's route
     * @return entries pinned to it, 0 or more
     */
    @Override
    public long pinnedSessions(String route) {
        LongAdder count = pinsByRoute.get(route);
        return count == null ? 0 : Math.max(0, count.sum());
    }

    /**
     * Drain reporting with an idle window shorter than the table's: the entries pinning a route that were used
     * within {@code windowSeconds}. O(1) like {@link #pinnedSessions(String)} when the window is at least the
     * table's idle timeout; otherwise one pass over the table (Caffeine's last-access ages), for the admin API and
     * metrics, never the request path.
     *
     * @param route         a node's route
     * @param windowSeconds the idle window, in seconds, at least 1
     * @return entries pinned to it and used within the window, 0 or more
     */
    public long pinnedSessions(String route, long windowSeconds) {
        if (windowSeconds >= config.idleTimeoutSeconds()) {
            return pinnedSessions(route);
        }
        var policy = cache.policy().expireAfterAccess().orElseThrow();
        Duration window = Duration.ofSeconds(windowSeconds);
        long count = 0;
        for (Map.Entry<String, Pin> e : cache.asMap().entrySet()) {
            if (e.getValue().route.equals(route)
                    && policy.ageOf(e.getKey()).map(age -> age.compareTo(window) < 0).orElse(false)) {
                count++;
            }
        }
        return count;
    }

    /** Forgets a key (the backend deleted the session cookie). @param key a key, {@code null} is ignored */
    public void forget(String key) {
        if (key == null) {
            return;
        }
        cache.invalidate(key);
        if (shared != null) {
            shared.delete(key);
        }
    }

    private void reshareIfStale(String key, Pin pin) {
        if (shared == null) {
            return;
        }
        long now = ticker.read();
        long sharedAt = pin.sharedAtNanos;
        if (now - sharedAt >= reshareNanos) {
            pin.sharedAtNanos = now;
            shared.put(key, pin.route);
        }
    }

    private String canonical(String route) {
        String known = routes.get(route);
        if (known != null) {
            return known;
        }
        if (routes.size() < MAX_ROUTES) {
            known = routes.putIfAbsent(route, route);
            return known == null ? route : known;
        }
        return route;
    }

    /** Runs pending maintenance (evictions) now; the table also does it on its own as it is used. */
    public void cleanUp() {
        cache.cleanUp();
    }

    /** @return the table's counters now */
    public SessionTableStats stats() {
        long oldest = cache.policy().expireAfterAccess().flatMap(p -> {
            Map<String, Pin> coldest = p.oldest(1);
            return coldest.isEmpty() ? java.util.Optional.empty() : p.ageOf(coldest.keySet().iterator().next());
        }).map(Duration::toMillis).orElse(0L);
        return new SessionTableStats(cache.estimatedSize(), config.maxEntries(), oldest, sizeEvictions.sum(),
                idleExpirations.sum(), rejectedKeys.sum(), shared == null ? 0 : shared.readHits(),
                shared == null ? 0 : shared.failures(), shared == null ? 0 : shared.writesDropped());
    }

    /** @return the settings */
    public SessionTableConfig config() {
        return config;
    }

    /** @return the Redis sharing, or {@code null} */
    public SharedPins shared() {
        return shared;
    }

    /** Closes the shared store, if any (after a short flush of queued writes). */
    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
    }

    /** One entry's value: the route and when it was last written to the shared store. */
    private static final class Pin {
        final String route;
        volatile long sharedAtNanos;

        Pin(String route, long sharedAtNanos) {
            this.route = route;
            this.sharedAtNanos = sharedAtNanos;
        }
    }
}
