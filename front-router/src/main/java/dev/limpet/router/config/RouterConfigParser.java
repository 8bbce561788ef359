package dev.limpet.router.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.limpet.core.keys.InvalidSecretException;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.route.RouteCodec;
import dev.limpet.router.persistence.PersistenceMethods;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns YAML text into a {@link RouterConfig}, collecting every problem before failing. Not thread-safe; one
 * instance per parse.
 */
final class RouterConfigParser {

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final Map<String, String> env;
    private final Path baseDir;
    private final List<String> problems = new ArrayList<>();

    RouterConfigParser(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    RouterConfig parse(String yaml) throws ConfigException {
        JsonNode root = readTree(yaml);
        ConfigSection top = new ConfigSection(root, "", problems);
        RouterConfig.Builder b = new RouterConfig.Builder();
        readListen(top, b);
        b.backends = readBackends(top);
        b.persistenceClasses = new PersistenceConfigParser(baseDir).read(top);
        b.persistence = b.persistenceClasses.get(b.persistenceClasses.size() - 1).methodNames();
        b.secrets = readSecrets(top, b.persistenceClasses.stream().flatMap(c -> c.methodNames().stream())
                .distinct().toList());
        readCookies(top, b);
        SessionConfigParser session = new SessionConfigParser();
        b.routerCookie = session.routerCookie(top);
        b.sessionTable = session.sessionTable(top);
        TlsConfigParser tls = new TlsConfigParser(env, baseDir);
        b.tls = tls.tls(top);
        b.backendTls = tls.backendTls(top);
        if (b.tls == null && !top.has("tls") && b.persistenceClasses.stream()
                .anyMatch(c -> c.methodNames().contains(PersistenceMethods.TLS_SESSION))) {
            top.problem("persistence", "method [tls-session] needs the router to terminate TLS: configure tls");
        }
        b.healthCheck = readHealthCheck(top);
        b.timeouts = new RouterConfig.Timeouts(
                top.longIn("connectTimeoutMillis", 2000, 1, 600_000, "ms"),
                top.longIn("backendIdleTimeoutMillis", 60_000, 1, 86_400_000, "ms"),
                top.longIn("clientIdleTimeoutMillis", 30_000, 1, 86_400_000, "ms"),
                top.longIn("passiveDownMillis", 10_000, 0, 3_600_000, "ms"));
        b.retries = top.intIn("retries", 1, 0, 5, "retries");
        b.maxThreads = top.intIn("maxThreads", 32, 4, 10_000, "threads");
        b.maxConnectionsPerBackend = top.intIn("maxConnectionsPerBackend", 256, 1, 100_000, "connections");
        b.forwardedHeaders = top.bool("forwardedHeaders", true);
        b.operations = new OperationsConfigParser(env, baseDir).parse(top);
        b.lifecycle = LifecycleConfigParser.parse(top, baseDir);
        b.discovery = DiscoveryConfigParser.parse(top);
        b.edge = EdgeConfigParser.parse(top);
        top.reportUnknownKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new RouterConfig(b);
    }

    private JsonNode readTree(String yaml) throws ConfigException {
        try {
            JsonNode root = YAML.readTree(yaml == null ? "" : yaml);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new ConfigException(List.of("configuration is empty"));
            }
            if (!root.isObject()) {
                throw new ConfigException(List.of("configuration must be a mapping of keys to values"));
            }
            return root;
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // One line per problem: the YAML library's message spans several.
            String detail = String.valueOf(e.getOriginalMessage()).strip().replaceAll("\\s+", " ");
            throw new ConfigException(List.of("YAML syntax error" + where + ": " + detail));
        }
    }

    private void readListen(ConfigSection top, RouterConfig.Builder b) {
        String listen = top.requiredString("listen");
        if (listen == null) {
            return;
        }
        int colon = listen.lastIndexOf(':');
        String host = colon < 0 ? "" : listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = colon < 0 ? -1 : parsePort(listen.substring(colon + 1));
        if (host.isEmpty() || port < 0) {
            top.problem("listen", "must be HOST:PORT with a port from 0 to 65535, e.g. 0.0.0.0:8080, was [" + listen
                    + "]");
            return;
        }
        b.listenHost = host;
        b.listenPort = port;
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port <= 65_535 ? port : -1;
    }

    private List<BackendConfig> readBackends(ConfigSection top) {
        List<BackendConfig> backends = new ArrayList<>();
        boolean discovered = top.has("discovery");
        if (!top.has("backends")) {
            if (!discovered) {
                top.problem("backends", "is required: a list of {route, url} (or configure discovery)");
            }
            return backends;
        }
        List<JsonNode> items = top.list("backends");
        if (items.isEmpty() && !discovered && !top.problems().contains("backends: must be a list")) {
            top.problem("backends", "must list at least one backend");
        }
        Set<String> routes = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            ConfigSection s = new ConfigSection(items.get(i), "backends[" + i + "].", problems);
            if (!items.get(i).isObject()) {
                top.problem("backends[" + i + "]", "must be a mapping with route and url");
                continue;
            }
            String route = s.requiredString("route");
            if (route != null && !RouteCodec.isValidRoute(route)) {
                s.problem("route", "must match [A-Za-z0-9_-]{1,64}, was [" + route + "]");
                route = null;
            } else if (route != null && !routes.add(route)) {
                s.problem("route", "duplicate route [" + route + "]");
                route = null;
            }
            URI url = backendUrl(s, s.requiredString("url"));
            OperationsConfigParser.BackendOptions options = OperationsConfigParser.backendOptions(s);
            s.reportUnknownKeys();
            if (route != null && url != null) {
                backends.add(new BackendConfig(route, url, options.weight(), options.state(), options.backup()));
            }
        }
        return backends;
    }

    private static URI backendUrl(ConfigSection s, String text) {
        if (text == null) {
            return null;
        }
        try {
            return BackendUrls.parse(text);
        } catch (IllegalArgumentException e) {
            s.problem("url", e.getMessage());
            return null;
        }
    }

    private MasterSecrets readSecrets(ConfigSection top, List<String> persistence) {
        String file = top.string("secretFile", null);
        String variable = top.string("secretEnv", null);
        if (file != null && variable != null) {
            top.problem("secretFile", "set either secretFile or secretEnv, not both");
            return null;
        }
        try {
            if (file != null) {
                Path path = baseDir.resolve(file);
                return SecretFilePermissions.check(path, top, "secretFile") ? MasterSecrets.fromFile(path) : null;
            }
            if (variable != null) {
                return MasterSecrets.fromEnvironment(variable, env);
            }
        } catch (InvalidSecretException e) {
            top.problem(file != null ? "secretFile" : "secretEnv", e.getMessage());
            return null;
        }
        List<String> signed = persistence.stream().filter(PersistenceMethods::needsSecret).toList();
        if (!signed.isEmpty()) {
            top.problem("secretFile", "secretFile or secretEnv is required by persistence methods " + signed);
        }
        return null;
    }

    private void readCookies(ConfigSection top, RouterConfig.Builder b) {
        b.backendCookieName = cookieName(top, "backendCookieName", "X-Backend");
        b.sessionCookieName = cookieName(top, "sessionCookieName", "JSESSIONID");
        String separator = top.string("routeSeparator", ".");
        b.routeSeparator = '.';
        if (separator.length() != 1) {
            top.problem("routeSeparator", "must be one character, was [" + separator + "]");
        } else {
            try {
                b.routeSeparator = new RouteCodec(separator.charAt(0)).separator();
            } catch (IllegalArgumentException e) {
                top.problem("routeSeparator", e.getMessage());
            }
        }
    }

    private static String cookieName(ConfigSection top, String key, String defaultValue) {
        String name = top.string(key, defaultValue);
        if (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(RouterConfigParser::isTokenChar)) {
            top.problem(key, "must be a cookie name (RFC 6265 token, 1..64 characters), was [" + name + "]");
            return defaultValue;
        }
        return name;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private HealthCheckConfig readHealthCheck(ConfigSection top) {
        HealthCheckConfig d = HealthCheckConfig.disabled();
        boolean present = top.has("healthCheck");
        ConfigSection s = top.section("healthCheck");
        boolean enabled = s.bool("enabled", present);
        String path = s.string("path", d.path());
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= 32 || c >= 127)) {
            s.problem("path", "must start with / and contain no spaces or control characters, was [" + path + "]");
        }
        HealthCheckConfig hc = new HealthCheckConfig(enabled, path,
                s.longIn("intervalMillis", d.intervalMillis(), 100, 3_600_000, "ms"),
                s.longIn("timeoutMillis", d.timeoutMillis(), 50, 60_000, "ms"),
                s.intIn("rise", d.rise(), 1, 100, "checks"),
                s.intIn("fall", d.fall(), 1, 100, "checks"));
        s.reportUnknownKeys();
        return hc;
    }
}
