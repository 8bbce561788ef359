package dev.limpet.router.persistence;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.core.token.AffinityTokenCodec;
import dev.limpet.router.config.PersistenceMethodConfig;
import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.table.SessionTable;
import java.time.InstantSource;
import java.util.List;

/**
 * The catalogue of persistence methods: their configuration names and how each is built, one small class each.
 */
public final class PersistenceMethods {

    /** The signed {@code X-Backend} cookie set by backends (key purpose {@code BACKEND_COOKIE}). */
    public static final String BACKEND_COOKIE = "backend-cookie";
    /** The route suffix of the session id, from the session cookie or the {@code ;jsessionid=} parameter. */
    public static final String JSESSIONID = "jsessionid";
    /** The router-inserted signed cookie (key purpose {@code ROUTER_COOKIE}). */
    public static final String ROUTER_COOKIE = "router-cookie";
    /** An application cookie learned from the backend's {@code Set-Cookie} (option {@code name} or {@code namePrefix}). */
    public static final String LEARN_COOKIE = "learn-cookie";
    /** Preset: {@code learn-cookie} for {@code ASP.NET_SessionId}, {@code .AspNetCore.Session} and {@code ASPSESSIONID*}. */
    public static final String ASPNET = "aspnet";
    /** A session header learned from responses (option {@code name}, e.g. {@code Mcp-Session-Id}). */
    public static final String HEADER = "header";
    /** The client's address or subnet (options {@code ipv4Prefix}, {@code ipv6Prefix}, {@code trustedProxies}). */
    public static final String SOURCE_IP = "source-ip";
    /** The TLS session id, when the router terminates TLS. */
    public static final String TLS_SESSION = "tls-session";
    /** A header or query parameter names the node (options {@code name}, {@code query}); for tests and operators. */
    public static final String NAMED_NODE = "named-node";

    /** The cookies of the {@code aspnet} preset; the last is a name prefix (classic ASP). */
    public static final List<String> ASPNET_COOKIES = List.of("ASP.NET_SessionId", ".AspNetCore.Session",
            "ASPSESSIONID");

    private static final List<String> NAMES = List.of(BACKEND_COOKIE, JSESSIONID, ROUTER_COOKIE, LEARN_COOKIE,
            ASPNET, HEADER, SOURCE_IP, TLS_SESSION, NAMED_NODE);

    private PersistenceMethods() {
    }

    /** @return every known method name */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * @param name a configured name
     * @return whether a method of that name exists
     */
    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }

    /**
     * @param name a known method name
     * @return whether the method verifies signatures and so needs the master secret
     */
    public static boolean needsSecret(String name) {
        return BACKEND_COOKIE.equals(name) || ROUTER_COOKIE.equals(name);
    }

    /**
     * @param name a known method name
     * @return whether the method keeps its pins in the session table
     */
    public static boolean usesTable(String name) {
        return List.of(LEARN_COOKIE, ASPNET, HEADER, SOURCE_IP, TLS_SESSION).contains(name);
    }

    /**
     * Builds the methods of one configured entry (a preset gives several).
     *
     * @param entry  the entry
     * @param config the validated configuration
     * @param table  the session table (used by the learning methods)
     * @param clock  the time source for token expiry
     * @return the methods, in order
     */
    public static List<PersistenceMethod> create(PersistenceMethodConfig entry, RouterConfig config,
                                                 SessionTable table, InstantSource clock) {
        return switch (entry.method()) {
            case LEARN_COOKIE -> List.of(new LearnCookieMethod(LEARN_COOKIE, table, entry.name(), entry.namePrefix()));
            case ASPNET -> ASPNET_COOKIES.stream().map(c -> (PersistenceMethod) new LearnCookieMethod(ASPNET, table, c,
                    c.equals("ASPSESSIONID"))).toList();
            case HEADER -> List.of(new HeaderMethod(table, entry.name()));
            case SOURCE_IP -> List.of(new SourceIpMethod(table, entry.ipv4Prefix(), entry.ipv6Prefix(),
                    entry.trustedProxies()));
            case TLS_SESSION -> List.of(new TlsSessionMethod(table));
            case NAMED_NODE -> List.of(new NamedNodeMethod(entry.name(), entry.query()));
            default -> List.of(create(entry.method(), config, clock));
        };
    }

    /**
     * Builds a configured method that takes no options.
     *
     * @param name   a known method name
     * @param config the validated configuration (holds the secret when the method needs one)
     * @param clock  the time source for token expiry
     * @return the method
     * @throws IllegalArgumentException if the name is unknown or a needed secret is missing (a validated
     *                                  configuration never causes either)
     */
    public static PersistenceMethod create(String name, RouterConfig config, InstantSource clock) {
        return switch (name) {
            case BACKEND_COOKIE -> new SignedCookieMethod(name,
                    codec(config, config.backendCookieName(), KeyPurpose.BACKEND_COOKIE), clock);
            case ROUTER_COOKIE -> new SignedCookieMethod(name,
                    codec(config, config.routerCookie().name(), KeyPurpose.ROUTER_COOKIE), clock);
            case JSESSIONID -> new JsessionidMethod(new RouteCodec(config.routeSeparator()),
                    config.sessionCookieName());
            default -> throw new IllegalArgumentException("unknown persistence method [" + name + "]");
        };
    }

    /**
     * @param config     the validated configuration
     * @param cookieName the cookie the tokens are bound to
     * @param purpose    the key purpose
     * @return a codec for that cookie
     */
    public static AffinityTokenCodec codec(RouterConfig config, String cookieName, KeyPurpose purpose) {
        MasterSecrets secrets = config.secrets().orElseThrow(
                () -> new IllegalArgumentException("no secret configured for " + purpose));
        return new AffinityTokenCodec(cookieName, secrets.keyRing(purpose));
    }
}
