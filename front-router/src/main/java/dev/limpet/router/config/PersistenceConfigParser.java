package dev.limpet.router.config;

import dev.limpet.core.config.Names;
import dev.limpet.router.persistence.PersistenceMethods;
import dev.limpet.router.routing.FailureMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds the persistence classes from the bound top-level {@code persistence}, {@code onFailure},
 * {@code sorryStatus}, {@code sorryPage} (the default class) and {@code classes}, reading the sorry pages and adding
 * every problem to the parse's list. Not thread-safe; one instance per parse.
 */
final class PersistenceConfigParser {

    private static final byte[] DEFAULT_SORRY = ("503 Service Unavailable: the node that holds your session is not"
            + " available\n").getBytes(StandardCharsets.US_ASCII);
    /** The options each method takes; any other option given is an unknown key. */
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            PersistenceMethods.LEARN_COOKIE, Set.of("name", "namePrefix"), PersistenceMethods.HEADER, Set.of("name"),
            PersistenceMethods.SOURCE_IP, Set.of("ipv4Prefix", "ipv6Prefix", "trustedProxies"),
            PersistenceMethods.NAMED_NODE, Set.of("name", "query"));

    private final Path baseDir;
    private final ConfigProblems problems;

    PersistenceConfigParser(Path baseDir, ConfigProblems problems) {
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /** @return the classes in match order, the default class last */
    List<PersistenceClassConfig> read(RouterYaml y) {
        List<PersistenceClassConfig> classes = new ArrayList<>();
        List<PersistenceYaml.PersistenceClass> entries = y.classes() == null ? List.of() : y.classes();
        for (int i = 0; i < entries.size(); i++) {
            PersistenceYaml.PersistenceClass c = entries.get(i);
            String prefix = "classes[" + i + "]";
            if (c != null && !problems.unbound(prefix)) {
                BiConsumer<String, String> at = problems.in(prefix);
                if ((c.path() == null) == (c.pathRegex() == null)) {
                    at.accept("path", "set exactly one of path (a prefix such as /app/ or /app/**) or pathRegex");
                }
                classes.add(readClass(at, prefix, c.path(), c.pathRegex(), c.persistence(), c.onFailure(),
                        c.sorryStatus(), c.sorryPage()));
            }
        }
        classes.add(readClass(problems.in(""), "", null, null, y.persistence(), y.onFailure(), y.sorryStatus(),
                y.sorryPage()));
        return classes;
    }

    private PersistenceClassConfig readClass(BiConsumer<String, String> at, String prefix, String path, String regex,
                                             List<PersistenceYaml.Entry> persistence, String onFailureName,
                                             int sorryStatus, String sorryPage) {
        String prefixPath = path == null ? null : path.endsWith("/**") ? path.substring(0, path.length() - 2) : path;
        if (prefixPath != null && (!prefixPath.startsWith("/") || prefixPath.contains("*")
                || prefixPath.chars().anyMatch(ch -> ch <= 32 || ch >= 127))) {
            at.accept("path", "must be a path prefix starting with / (a trailing /** is allowed), was [" + prefixPath
                    + "]");
        }
        try {
            if (regex != null) {
                Pattern.compile(regex);
            }
        } catch (PatternSyntaxException e) {
            at.accept("pathRegex", "is not a valid regular expression: " + e.getDescription());
        }
        FailureMode onFailure = FailureMode.fromConfigName(onFailureName);
        if (onFailure == null) {
            at.accept("onFailure", "must be rebalance, sorry, close or strict, was [" + onFailureName + "]");
        }
        byte[] body = sorryPage == null ? DEFAULT_SORRY : readPage(at, sorryPage);
        String type = sorryPage != null && (sorryPage.endsWith(".html") || sorryPage.endsWith(".htm"))
                ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
        return new PersistenceClassConfig(prefixPath, regex, methods(persistence, prefix, at), onFailure == null
                ? FailureMode.REBALANCE : onFailure, sorryStatus, type, body);
    }

    private byte[] readPage(BiConsumer<String, String> at, String page) {
        try {
            Path file = baseDir.resolve(page);
            if (Files.size(file) > 1_048_576) {
                at.accept("sorryPage", "must be at most 1 MiB [" + file + "]");
                return DEFAULT_SORRY;
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            at.accept("sorryPage", "cannot read [" + page + "]: " + e);
            return DEFAULT_SORRY;
        }
    }

    private List<PersistenceMethodConfig> methods(List<PersistenceYaml.Entry> entries, String prefix,
                                                  BiConsumer<String, String> at) {
        if (entries == null) {
            at.accept("persistence", "is required: a list of methods, [] to balance freely");
            return List.of();
        }
        List<PersistenceMethodConfig> methods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            PersistenceYaml.Entry e = entries.get(i);
            String entryPath = (prefix.isEmpty() ? "" : prefix + ".") + "persistence[" + i + "]";
            PersistenceMethodConfig m = e == null || problems.unbound(entryPath) ? null
                    : e.bare ? bare(e.method, at) : withOptions(e, problems.in(entryPath));
            if (m != null && !seen.add(m.toString())) {
                at.accept("persistence", "method [" + m + "] is listed twice");
            } else if (m != null) {
                methods.add(m);
            }
        }
        return methods;
    }

    private static PersistenceMethodConfig bare(String method, BiConsumer<String, String> at) {
        if (!PersistenceMethods.isKnown(method)) {
            at.accept("persistence", "unknown persistence method [" + method + "]; known: " + PersistenceMethods.names());
            return null;
        }
        if (method.equals(PersistenceMethods.LEARN_COOKIE) || method.equals(PersistenceMethods.HEADER)) {
            at.accept("persistence", "method [" + method + "] needs a name, e.g. {method: " + method + ", name: "
                    + (method.equals(PersistenceMethods.HEADER) ? "Mcp-Session-Id" : "PHPSESSID") + "}");
            return null;
        }
        PersistenceYaml.Entry e = PersistenceYaml.Entry.named(method);
        return options(e, (k, v) -> { });
    }

    private static PersistenceMethodConfig withOptions(PersistenceYaml.Entry e, BiConsumer<String, String> at) {
        if (e.method == null) {
            return null; // "is required", from the validation
        }
        if (!PersistenceMethods.isKnown(e.method)) {
            at.accept("method", "unknown persistence method [" + e.method + "]; known: " + PersistenceMethods.names());
            return null;
        }
        Set<String> allowed = OPTIONS.getOrDefault(e.method, Set.of());
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("name", e.name);
        given.put("namePrefix", e.namePrefix);
        given.put("query", e.query);
        given.put("ipv4Prefix", e.ipv4Prefix);
        given.put("ipv6Prefix", e.ipv6Prefix);
        given.put("trustedProxies", e.trustedProxies);
        boolean unknown = false;
        for (Map.Entry<String, Object> option : given.entrySet()) {
            if (option.getValue() != null && !allowed.contains(option.getKey())) {
                at.accept(option.getKey(), "unknown key");
                unknown = true;
            }
        }
        return unknown ? null : options(e, at);
    }

    private static PersistenceMethodConfig options(PersistenceYaml.Entry e, BiConsumer<String, String> at) {
        return switch (e.method) {
            case PersistenceMethods.LEARN_COOKIE -> learnCookie(e, at);
            case PersistenceMethods.HEADER -> e.name == null ? required(at) : checked(at, "name",
                    Names.headerNameProblem(e.name), new PersistenceMethodConfig(e.method, e.name, false, null, 0, 0,
                            List.of()));
            case PersistenceMethods.SOURCE_IP -> new PersistenceMethodConfig(e.method, null, false, null,
                    e.ipv4Prefix == null ? PersistenceYaml.Entry.IPV4_PREFIX : e.ipv4Prefix,
                    e.ipv6Prefix == null ? PersistenceYaml.Entry.IPV6_PREFIX : e.ipv6Prefix,
                    RouterConfigParser.cidrs(e.trustedProxies, "trustedProxies", at));
            case PersistenceMethods.NAMED_NODE -> namedNode(e, at);
            default -> PersistenceMethodConfig.of(e.method);
        };
    }

    private static PersistenceMethodConfig required(BiConsumer<String, String> at) {
        at.accept("name", "is required");
        return null;
    }

    private static PersistenceMethodConfig checked(BiConsumer<String, String> at, String key, String problem,
                                                   PersistenceMethodConfig m) {
        if (problem != null) {
            at.accept(key, problem);
            return null;
        }
        return m;
    }

    private static PersistenceMethodConfig learnCookie(PersistenceYaml.Entry e, BiConsumer<String, String> at) {
        if ((e.name == null) == (e.namePrefix == null)) {
            at.accept("name", "learn-cookie needs exactly one of name (e.g. JSESSIONID) or namePrefix (e.g."
                    + " ASPSESSIONID)");
            return null;
        }
        String cookie = e.name != null ? e.name : e.namePrefix;
        return checked(at, e.name != null ? "name" : "namePrefix", Names.cookieNameProblem(cookie),
                new PersistenceMethodConfig(PersistenceMethods.LEARN_COOKIE, cookie, e.namePrefix != null, null, 0, 0,
                        List.of()));
    }

    private static PersistenceMethodConfig namedNode(PersistenceYaml.Entry e, BiConsumer<String, String> at) {
        String header = e.name == null ? PersistenceYaml.Entry.NAMED_NODE_HEADER : e.name;
        String query = e.query;
        if (query != null && (query.isEmpty() || query.chars().anyMatch(c -> c <= 32 || c >= 127 || c == '&'
                || c == '='))) {
            at.accept("query", "must be a query parameter name, was [" + query + "]");
            return null;
        }
        return checked(at, "name", Names.headerNameProblem(header),
                new PersistenceMethodConfig(PersistenceMethods.NAMED_NODE, header, false, query, 0, 0, List.of()));
    }
}
