package dev.limpet.router.config;

import dev.limpet.core.config.HostPort;
import dev.limpet.core.config.SecretSources;
import dev.limpet.core.keys.InvalidSecretException;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.router.persistence.IpAddresses.Cidr;
import dev.limpet.router.persistence.PersistenceMethods;
import dev.limpet.router.table.SessionTableConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Turns YAML text into a {@link RouterConfig}: binds and validates it ({@link YamlBinding}), then checks the rules
 * across keys and reads the files it names, collecting every problem before failing. Not thread-safe; one instance
 * per parse.
 */
final class RouterConfigParser {

    private final Map<String, String> env;
    private final Path baseDir;
    private final ConfigProblems problems = new ConfigProblems();

    RouterConfigParser(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    RouterConfig parse(String yaml) throws ConfigException {
        RouterYaml y = YamlBinding.bind(yaml, baseDir, problems);
        HostPort listen = y.listen() == null ? null : hostPort(y.listen(), "", "listen", "0.0.0.0:8080");
        checkBackends(y);
        List<PersistenceClassConfig> classes = new PersistenceConfigParser(baseDir, problems).read(y);
        MasterSecrets secrets = secrets(y, classes.stream().flatMap(c -> c.methodNames().stream()).distinct()
                .toList());
        char separator = routeSeparator(y.routeSeparator());
        RouterCookieConfig routerCookie = routerCookie(y.routerCookie(), problems.in(LegacyKeys.ROUTER_COOKIE));
        checkRedis(y.sessionTable().redis());
        TlsConfigParser tlsParser = new TlsConfigParser(env, baseDir, problems);
        TlsConfig tls = y.tls() == null ? null : tlsParser.tls(y.tls());
        BackendTlsConfig backendTls = tlsParser.backendTls(y.backendTls());
        if (y.tls() == null && classes.stream().anyMatch(c -> c.methodNames().contains(PersistenceMethods.TLS_SESSION))) {
            problems.add("persistence", "method [tls-session] needs the router to terminate TLS: configure tls");
        }
        HealthCheckConfig healthCheck = healthCheck(y.healthCheck(), problems.in("healthCheck"));
        OperationsConfig operations = new OperationsConfigParser(env, baseDir, problems).parse(y);
        DiscoveryConfig discovery = discovery(y.discovery());
        EdgeConfig edge = edge(y, problems.in(""));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.lines());
        }
        return new RouterConfig(listen.host(), listen.port(), Optional.ofNullable(secrets), y.backends() == null
                ? List.of() : y.backends().stream().filter(Objects::nonNull).toList(), classes.get(classes.size() - 1).methodNames(), y.backendCookieName(),
                y.sessionCookieName(), routerCookie, separator, healthCheck, new RouterConfig.Timeouts(
                        y.connectTimeoutMillis(), y.backendIdleTimeoutMillis(), y.clientIdleTimeoutMillis(),
                        y.passiveDownMillis()), y.retries(), y.maxThreads(), y.maxConnectionsPerBackend(),
                y.forwardedHeaders(), operations, classes, y.sessionTable(), Optional.ofNullable(tls), backendTls,
                y.lifecycle(), discovery, edge, problems.warnings());
    }

    /** @return the pair, or {@code null} after a problem at {@code prefix.key} */
    HostPort hostPort(String text, String prefix, String key, String example) {
        try {
            return HostPort.parse(text, -1, 0);
        } catch (IllegalArgumentException e) {
            problems.in(prefix).accept(key, "must be HOST:PORT with a port from 0 to 65535, e.g. " + example
                    + ", was [" + text + "]");
            return null;
        }
    }

    /** Checks what binding cannot: the list is there, and each route is one and unique. */
    private void checkBackends(RouterYaml y) {
        if (y.backends() == null || y.backends().isEmpty() && !problems.unbound("backends")) {
            if (y.discovery() == null) {
                problems.add("backends", y.backends() == null ? "is required: a list of {route, url} (or configure"
                        + " discovery)" : "must list at least one backend");
            }
            return;
        }
        Set<String> routes = new HashSet<>();
        for (int i = 0; i < y.backends().size(); i++) {
            String route = y.backends().get(i) == null ? null : y.backends().get(i).route();
            if (route != null && !RouteCodec.isValidRoute(route)) {
                problems.add("backends[" + i + "].route", "must match [A-Za-z0-9_-]{1,64}, was [" + route + "]");
            } else if (route != null && !routes.add(route)) {
                problems.add("backends[" + i + "].route", "duplicate route [" + route + "]");
            }
        }
    }

    private MasterSecrets secrets(RouterYaml y, List<String> persistence) {
        SecretSources.Choice choice = new SecretSources.Choice("secretFile", y.secretFile(), "secretEnv",
                y.secretEnv());
        SecretSources.Secret secret = SecretSources.read(choice, baseDir, env::get, problems.in(""));
        if (secret != null) {
            try {
                return MasterSecrets.parse(secret.text(), secret.origin());
            } catch (InvalidSecretException e) {
                problems.add(choice.hasFile() ? "secretFile" : "secretEnv", e.getMessage());
                return null;
            }
        }
        List<String> signed = persistence.stream().filter(PersistenceMethods::needsSecret).toList();
        if (!choice.hasFile() && !choice.hasVariable() && !signed.isEmpty()) {
            problems.add("secretFile", "secretFile or secretEnv is required by persistence methods " + signed);
        }
        return null;
    }

    private char routeSeparator(String separator) {
        if (separator.length() != 1) {
            problems.add("routeSeparator", "must be one character, was [" + separator + "]");
            return '.';
        }
        try {
            return new RouteCodec(separator.charAt(0)).separator();
        } catch (IllegalArgumentException e) {
            problems.add("routeSeparator", e.getMessage());
            return '.';
        }
    }

    /** @return the router cookie settings of {@code c}, its name with the prefix; problems added to {@code at} */
    static RouterCookieConfig routerCookie(RouterCookieConfig c, BiConsumer<String, String> at) {
        String secure = "requires " + LegacyKeys.ROUTER_COOKIE + ".secure: true";
        if (c.maxLifeSeconds() > 0 && c.maxLifeSeconds() < 60) {
            at.accept("maxLifeSeconds", "must be 0 (unlimited) or at least 60 s, was [" + c.maxLifeSeconds() + "]");
        }
        if ("None".equals(c.sameSite()) && !c.secure()) {
            at.accept("sameSite", "None " + secure + " (browsers drop it otherwise)");
        }
        if (c.partitioned() && !c.secure()) {
            at.accept("partitioned", secure + " (RFC 6265bis, CHIPS)");
        }
        if (c.hostPrefix() && (!c.secure() || c.domain() != null || !"/".equals(c.path()))) {
            at.accept("hostPrefix", secure + ", no routerCookie.domain and routerCookie.path / (RFC 6265bis __Host-"
                    + " prefix)");
        }
        if (c.domain() != null && !c.domain().matches("\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) {
            at.accept("domain", "must be a domain name such as example.com, was [" + c.domain() + "]");
        }
        if (!c.path().startsWith("/") || c.path().chars().anyMatch(ch -> ch <= 32 || ch >= 127 || ch == ';')) {
            at.accept("path", "must start with / and contain no spaces, controls or ;, was [" + c.path() + "]");
        }
        return !c.hostPrefix() ? c : new RouterCookieConfig("__Host-" + c.name(), c.lifetimeSeconds(), c.sameSite(),
                c.secure(), c.maxLifeSeconds(), c.httpOnly(), c.partitioned(), true, c.domain(), c.path(),
                c.cachePrivate());
    }

    private void checkRedis(SessionTableConfig.RedisConfig redis) {
        if (redis != null && redis.uri() != null && !isRedisUri(redis.uri())) {
            problems.add("sessionTable.redis.uri", "must be redis://[user:password@]host[:port][/db] or"
                    + " rediss://..., was [" + redact(redis.uri()) + "]");
        }
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

    /** @return the health check settings of {@code h} ({@code null}: absent, checks off), problems added to {@code at} */
    static HealthCheckConfig healthCheck(HealthCheckConfig h, BiConsumer<String, String> at) {
        HealthCheckConfig s = h != null ? h : YamlBinding.defaults(HealthCheckConfig.class, "{enabled: false}");
        if (!s.path().startsWith("/") || s.path().chars().anyMatch(c -> c <= 32 || c >= 127)) {
            at.accept("path", "must start with / and contain no spaces or control characters, was [" + s.path() + "]");
        }
        return s;
    }

    /** @return {@code d} with each DNS route prefix given, {@link DiscoveryConfig#none()} for {@code null} */
    private DiscoveryConfig discovery(DiscoveryConfig d) {
        if (d == null || d.dns() == null) {
            return d == null ? DiscoveryConfig.none() : d;
        }
        DiscoveryConfig.Dns dns = d.dns();
        String prefix = dns.routePrefix() != null ? dns.routePrefix() : dns.name() == null ? "node"
                : dns.name().split("\\.")[0];
        if (!RouteCodec.isValidRoute(prefix) || prefix.length() > 24) {
            problems.add("discovery.dns.routePrefix", "must match [A-Za-z0-9_-]{1,24}, was [" + prefix + "]");
        }
        return new DiscoveryConfig(new DiscoveryConfig.Dns(dns.name(), dns.port(), dns.intervalSeconds(), prefix),
                d.kubernetes());
    }

    /** @return the edge settings of {@code y}, problems added to {@code at} */
    static EdgeConfig edge(RouterYaml y, BiConsumer<String, String> at) {
        if (y.requestHeaderTimeoutMillis() > 0 && y.requestHeaderTimeoutMillis() < 100) {
            at.accept("requestHeaderTimeoutMillis", "must be 0 (off) or from 100 to 3600000 ms, was ["
                    + y.requestHeaderTimeoutMillis() + "]");
        }
        return new EdgeConfig(y.tunnel().enabled(), y.tunnel().idleTimeoutMillis(), y.tunnel().bufferBytes(),
                cidrs(y.trustedProxies(), "trustedProxies", at), y.proxyProtocol(), y.requestHeaderTimeoutMillis(),
                y.minRequestBodyBytesPerSecond(), y.maxConnectionsPerClient(), y.http2());
    }

    /** @return the CIDR prefixes of {@code texts}; each bad one is a problem of {@code key} */
    static List<Cidr> cidrs(List<String> texts, String key, BiConsumer<String, String> at) {
        List<Cidr> out = new ArrayList<>();
        for (String text : texts == null ? List.<String>of() : texts) {
            try {
                out.add(Cidr.parse(String.valueOf(text)));
            } catch (IllegalArgumentException e) {
                at.accept(key, e.getMessage());
            }
        }
        return out;
    }
}
