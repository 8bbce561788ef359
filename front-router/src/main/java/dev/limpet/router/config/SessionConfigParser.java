package dev.limpet.router.config;

import dev.limpet.router.table.SessionTableConfig;
import java.net.URI;
import java.util.List;

/**
 * Reads the router-cookie options ({@code routerCookie*}) and the {@code sessionTable} section. Records every
 * problem in the shared list, never throws. Stateless.
 */
final class SessionConfigParser {

    RouterCookieConfig routerCookie(ConfigSection top) {
        String name = top.string("routerCookieName", "LIMPET");
        if (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(PersistenceConfigParser::isTokenChar)) {
            top.problem("routerCookieName", "must be a cookie name (RFC 6265 token, 1..64 characters), was [" + name
                    + "]");
            name = "LIMPET";
        }
        if (top.has("routerCookieLifetimeSeconds") && top.has("routerCookieMaxIdleSeconds")) {
            top.problem("routerCookieMaxIdleSeconds", "is another name of routerCookieLifetimeSeconds; set one");
        }
        long idle = top.longIn("routerCookieMaxIdleSeconds",
                top.longIn("routerCookieLifetimeSeconds", 86_400, 60, 31_536_000, "s"), 60, 31_536_000, "s");
        long maxLife = top.longIn("routerCookieMaxLifeSeconds", 0, 0, 315_360_000, "s, 0 = unlimited");
        if (maxLife > 0 && maxLife < 60) {
            top.problem("routerCookieMaxLifeSeconds", "must be 0 (unlimited) or at least 60 s, was [" + maxLife + "]");
        }
        String sameSite = top.string("routerCookieSameSite", "Lax");
        boolean secure = top.bool("routerCookieSecure", false);
        boolean partitioned = top.bool("routerCookiePartitioned", false);
        boolean hostPrefix = top.bool("routerCookieHostPrefix", false);
        String domain = top.string("routerCookieDomain", null);
        String path = top.string("routerCookiePath", "/");
        if (!List.of("Lax", "Strict", "None").contains(sameSite)) {
            top.problem("routerCookieSameSite", "must be Lax, Strict or None, was [" + sameSite + "]");
            sameSite = "Lax";
        } else if (sameSite.equals("None") && !secure) {
            top.problem("routerCookieSameSite", "None requires routerCookieSecure: true (browsers drop it otherwise)");
        }
        if (partitioned && !secure) {
            top.problem("routerCookiePartitioned", "requires routerCookieSecure: true (RFC 6265bis, CHIPS)");
        }
        if (hostPrefix && (!secure || domain != null || !path.equals("/"))) {
            top.problem("routerCookieHostPrefix", "requires routerCookieSecure: true, no routerCookieDomain and"
                    + " routerCookiePath / (RFC 6265bis __Host- prefix)");
        }
        if (domain != null && (domain.isEmpty() || !domain.matches("\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*"))) {
            top.problem("routerCookieDomain", "must be a domain name such as example.com, was [" + domain + "]");
        }
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= 32 || c >= 127 || c == ';')) {
            top.problem("routerCookiePath", "must start with / and contain no spaces, controls or ;, was [" + path
                    + "]");
        }
        return new RouterCookieConfig(hostPrefix ? "__Host-" + name : name, idle, sameSite, secure, maxLife,
                top.bool("routerCookieHttpOnly", true), partitioned, hostPrefix, domain, path,
                top.bool("routerCookieCachePrivate", true));
    }

    SessionTableConfig sessionTable(ConfigSection top) {
        ConfigSection s = top.section("sessionTable");
        long maxEntries = s.longIn("maxEntries", SessionTableConfig.DEFAULT_MAX_ENTRIES, 1000, 100_000_000,
                "entries");
        long idle = s.longIn("idleTimeoutSeconds", SessionTableConfig.DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 31_536_000,
                "s");
        int maxKey = s.intIn("maxKeyLength", SessionTableConfig.DEFAULT_MAX_KEY_LENGTH, 16, 8192, "characters");
        SessionTableConfig.RedisConfig redis = null;
        if (s.has("redis")) {
            ConfigSection r = s.section("redis");
            String uri = r.requiredString("uri");
            if (uri != null && !isRedisUri(uri)) {
                r.problem("uri", "must be redis://[user:password@]host[:port][/db] or rediss://..., was [" + redact(uri)
                        + "]");
            }
            redis = new SessionTableConfig.RedisConfig(uri, r.string("keyPrefix", "limpet:pin:"),
                    r.intIn("readTimeoutMillis", 50, 1, 5000, "ms"),
                    r.intIn("writeQueueSize", 65_536, 1, 1_000_000, "operations"));
            r.reportUnknownKeys();
        }
        s.reportUnknownKeys();
        return new SessionTableConfig(maxEntries, idle, maxKey, redis);
    }

    private static boolean isRedisUri(String text) {
        try {
            URI uri = new URI(text);
            return ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String redact(String uri) {
        int at = uri.lastIndexOf('@');
        int scheme = uri.indexOf("://");
        return at > scheme && scheme >= 0 ? uri.substring(0, scheme + 3) + "***" + uri.substring(at) : uri;
    }
}
