package dev.limpet.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limpet.router.persistence.IpAddresses.Cidr;
import dev.limpet.router.persistence.PersistenceMethods;
import dev.limpet.router.routing.FailureMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the persistence part of the configuration: the top-level {@code persistence}, {@code onFailure},
 * {@code sorryStatus}, {@code sorryPage} (the default class) and {@code classes}. Records every problem in the
 * shared list, never throws. Not thread-safe; one instance per parse.
 */
final class PersistenceConfigParser {

    private static final List<String> DEFAULT_METHODS = List.of(PersistenceMethods.BACKEND_COOKIE,
            PersistenceMethods.JSESSIONID);
    private static final byte[] DEFAULT_SORRY = ("503 Service Unavailable: the node that holds your session is not"
            + " available\n").getBytes(StandardCharsets.US_ASCII);

    private final Path baseDir;

    PersistenceConfigParser(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** @return the classes in match order, the default class last */
    List<PersistenceClassConfig> read(ConfigSection top) {
        List<PersistenceClassConfig> classes = new ArrayList<>();
        List<JsonNode> items = top.list("classes");
        for (int i = 0; i < items.size(); i++) {
            String prefix = "classes[" + i + "].";
            if (!items.get(i).isObject()) {
                top.problem("classes[" + i + "]", "must be a mapping with path or pathRegex and persistence");
                continue;
            }
            ConfigSection s = new ConfigSection(items.get(i), prefix, top.problems());
            PersistenceClassConfig c = readClass(s, false);
            s.reportUnknownKeys();
            if (c != null) {
                classes.add(c);
            }
        }
        classes.add(readClass(top, true));
        return classes;
    }

    private PersistenceClassConfig readClass(ConfigSection s, boolean isDefault) {
        String path = isDefault ? null : s.string("path", null);
        String regex = isDefault ? null : s.string("pathRegex", null);
        if (!isDefault && (path == null) == (regex == null)) {
            s.problem("path", "set exactly one of path (a prefix such as /app/ or /app/**) or pathRegex");
        }
        if (path != null) {
            path = path.endsWith("/**") ? path.substring(0, path.length() - 2) : path;
            if (!path.startsWith("/") || path.contains("*") || path.chars().anyMatch(c -> c <= 32 || c >= 127)) {
                s.problem("path", "must be a path prefix starting with / (a trailing /** is allowed), was [" + path
                        + "]");
            }
        }
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                s.problem("pathRegex", "is not a valid regular expression: " + e.getDescription());
            }
        }
        List<PersistenceMethodConfig> methods = readMethods(s, isDefault);
        String mode = s.string("onFailure", FailureMode.REBALANCE.configName());
        FailureMode onFailure = FailureMode.fromConfigName(mode);
        if (onFailure == null) {
            s.problem("onFailure", "must be rebalance, sorry, close or strict, was [" + mode + "]");
            onFailure = FailureMode.REBALANCE;
        }
        int sorryStatus = s.intIn("sorryStatus", 503, 200, 599, "HTTP status");
        String page = s.string("sorryPage", null);
        byte[] body = page == null ? DEFAULT_SORRY : readPage(s, page);
        String type = page != null && (page.endsWith(".html") || page.endsWith(".htm"))
                ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
        return new PersistenceClassConfig(path, regex, methods, onFailure, sorryStatus, type, body);
    }

    private byte[] readPage(ConfigSection s, String page) {
        try {
            Path file = baseDir.resolve(page);
            if (Files.size(file) > 1_048_576) {
                s.problem("sorryPage", "must be at most 1 MiB [" + file + "]");
                return DEFAULT_SORRY;
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            s.problem("sorryPage", "cannot read [" + page + "]: " + e);
            return DEFAULT_SORRY;
        }
    }

    private List<PersistenceMethodConfig> readMethods(ConfigSection s, boolean isDefault) {
        if (!s.has("persistence")) {
            if (!isDefault) {
                s.problem("persistence", "is required: a list of methods, [] to balance freely");
            }
            return isDefault ? DEFAULT_METHODS.stream().map(PersistenceMethodConfig::of).toList() : List.of();
        }
        List<PersistenceMethodConfig> methods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<JsonNode> items = s.list("persistence");
        for (int i = 0; i < items.size(); i++) {
            PersistenceMethodConfig m = readMethod(s, items.get(i), i);
            if (m != null && !seen.add(m.toString())) {
                s.problem("persistence", "method [" + m + "] is listed twice");
            } else if (m != null) {
                methods.add(m);
            }
        }
        return methods;
    }

    private PersistenceMethodConfig readMethod(ConfigSection parent, JsonNode item, int index) {
        if (item.isTextual()) {
            String name = item.asText();
            if (!PersistenceMethods.isKnown(name)) {
                parent.problem("persistence", "unknown persistence method [" + name + "]; known: "
                        + PersistenceMethods.names());
                return null;
            }
            if (name.equals(PersistenceMethods.LEARN_COOKIE) || name.equals(PersistenceMethods.HEADER)) {
                parent.problem("persistence", "method [" + name + "] needs a name, e.g. {method: " + name + ", name: "
                        + (name.equals(PersistenceMethods.HEADER) ? "Mcp-Session-Id" : "PHPSESSID") + "}");
                return null;
            }
            return withDefaults(name);
        }
        if (!item.isObject()) {
            parent.problem("persistence", "entries must be a method name or a mapping {method: ..., ...}, was ["
                    + item + "]");
            return null;
        }
        ConfigSection s = new ConfigSection(item, "persistence[" + index + "].", parent.problems());
        PersistenceMethodConfig m = readOptions(s);
        s.reportUnknownKeys();
        return m;
    }

    private static PersistenceMethodConfig withDefaults(String method) {
        return switch (method) {
            case PersistenceMethods.SOURCE_IP -> new PersistenceMethodConfig(method, null, false, null, 32, 64,
                    List.of());
            case PersistenceMethods.NAMED_NODE -> new PersistenceMethodConfig(method, "X-Limpet-Node", false, null, 0,
                    0, List.of());
            default -> PersistenceMethodConfig.of(method);
        };
    }

    private PersistenceMethodConfig readOptions(ConfigSection s) {
        String method = s.requiredString("method");
        if (method == null) {
            return null;
        }
        if (!PersistenceMethods.isKnown(method)) {
            s.problem("method", "unknown persistence method [" + method + "]; known: " + PersistenceMethods.names());
            return null;
        }
        return switch (method) {
            case PersistenceMethods.LEARN_COOKIE -> learnCookie(s);
            case PersistenceMethods.HEADER -> {
                String name = headerName(s, "name", s.requiredString("name"));
                yield name == null ? null : new PersistenceMethodConfig(method, name, false, null, 0, 0, List.of());
            }
            case PersistenceMethods.SOURCE_IP -> new PersistenceMethodConfig(method, null, false, null,
                    s.intIn("ipv4Prefix", 32, 1, 32, "bits"), s.intIn("ipv6Prefix", 64, 1, 128, "bits"),
                    trustedProxies(s));
            case PersistenceMethods.NAMED_NODE -> namedNode(s);
            default -> withDefaults(method);
        };
    }

    private static PersistenceMethodConfig learnCookie(ConfigSection s) {
        String name = s.string("name", null);
        String prefix = s.string("namePrefix", null);
        if ((name == null) == (prefix == null)) {
            s.problem("name", "learn-cookie needs exactly one of name (e.g. JSESSIONID) or namePrefix (e.g."
                    + " ASPSESSIONID)");
            return null;
        }
        String cookie = name != null ? name : prefix;
        if (cookie.isEmpty() || cookie.length() > 64 || !cookie.chars().allMatch(PersistenceConfigParser::isTokenChar)) {
            s.problem(name != null ? "name" : "namePrefix", "must be a cookie name (RFC 6265 token, 1..64"
                    + " characters), was [" + cookie + "]");
            return null;
        }
        return new PersistenceMethodConfig(PersistenceMethods.LEARN_COOKIE, cookie, prefix != null, null, 0, 0,
                List.of());
    }

    private static PersistenceMethodConfig namedNode(ConfigSection s) {
        String header = headerName(s, "name", s.string("name", "X-Limpet-Node"));
        String query = s.string("query", null);
        if (query != null && (query.isEmpty() || query.chars().anyMatch(c -> c <= 32 || c >= 127 || c == '&'
                || c == '='))) {
            s.problem("query", "must be a query parameter name, was [" + query + "]");
            query = null;
        }
        return new PersistenceMethodConfig(PersistenceMethods.NAMED_NODE, header, false, query, 0, 0, List.of());
    }

    private static String headerName(ConfigSection s, String key, String name) {
        if (name != null && (name.isEmpty() || name.length() > 64
                || !name.chars().allMatch(PersistenceConfigParser::isTokenChar))) {
            s.problem(key, "must be a header name (RFC 9110 token, 1..64 characters), was [" + name + "]");
            return null;
        }
        return name;
    }

    static List<Cidr> trustedProxies(ConfigSection s) {
        List<Cidr> out = new ArrayList<>();
        for (JsonNode item : s.list("trustedProxies")) {
            try {
                out.add(Cidr.parse(item.asText()));
            } catch (IllegalArgumentException e) {
                s.problem("trustedProxies", e.getMessage());
            }
        }
        return out;
    }

    static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
