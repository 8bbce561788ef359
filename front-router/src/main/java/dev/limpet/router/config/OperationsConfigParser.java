package dev.limpet.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limpet.router.balance.Balancers;
import dev.limpet.router.balance.HashKey;
import dev.limpet.router.node.AdminState;
import dev.limpet.router.node.Node;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the operations keys ({@link OperationsConfig}) and the per-backend {@code weight}, {@code state} and
 * {@code backup}, recording every problem in the shared list. Not thread-safe; one instance per parse.
 */
final class OperationsConfigParser {

    /** Shortest accepted admin token, in characters: guessing must be hopeless. */
    static final int MIN_TOKEN_LENGTH = 16;

    private final Map<String, String> env;
    private final Path baseDir;

    OperationsConfigParser(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    /** Per-backend operational settings. */
    record BackendOptions(int weight, AdminState state, boolean backup) {
    }

    static BackendOptions backendOptions(ConfigSection s) {
        int weight = s.intIn("weight", 1, 0, Node.MAX_WEIGHT, "weight");
        String stateText = s.string("state", "active");
        AdminState state = AdminState.fromConfigName(stateText);
        if (state == null) {
            s.problem("state", "must be active, draining or disabled, was [" + stateText + "]");
            state = AdminState.ACTIVE;
        }
        return new BackendOptions(weight, state, s.bool("backup", false));
    }

    OperationsConfig parse(ConfigSection top) {
        OperationsConfig d = OperationsConfig.defaults();
        BalanceConfig balance = readBalance(top.section("balance"));
        boolean[] retryOn = readRetryOn(top);
        AdminConfig admin = readAdmin(top);
        AccessLogConfig accessLog = readAccessLog(top);
        boolean routeHeader = top.bool("routeHeader", false);
        ConfigSection drain = top.section("drain");
        long idle = drain.longIn(alias(drain, "idleSeconds", "cookieIdleSeconds"), d.drainIdleSeconds(), 1,
                31_536_000, "s");
        long tracked = drain.longIn(alias(drain, "maxTrackedSessions", "maxTrackedCookies"),
                d.drainMaxTrackedSessions(), 1, 100_000_000, "sessions");
        drain.reportUnknownKeys();
        return new OperationsConfig(balance, retryOn[0], retryOn[1], admin, accessLog, routeHeader, idle, tracked);
    }

    /** @return the key to read: {@code name}, or its older name when only that is set (both set: a problem) */
    private static String alias(ConfigSection s, String name, String olderName) {
        boolean older = s.has(olderName);
        if (older && s.has(name)) {
            s.problem(name, "set either " + name + " or its older name " + olderName + ", not both");
        }
        return older && !s.has(name) ? olderName : name;
    }

    private static BalanceConfig readBalance(ConfigSection s) {
        String algorithm = s.string("algorithm", Balancers.ROUND_ROBIN);
        if (!Balancers.names().contains(algorithm)) {
            s.problem("algorithm", "must be one of " + Balancers.names() + ", was [" + algorithm + "]");
            algorithm = Balancers.ROUND_ROBIN;
        }
        String keyText = s.string("hashKey", "source-ip");
        HashKey key = HashKey.parse(keyText);
        if (key == null) {
            s.problem("hashKey", "must be source-ip, path, header:NAME or cookie:NAME, was [" + keyText + "]");
            key = HashKey.SOURCE_IP;
        }
        double factor = 0;
        JsonNode f = s.raw("boundedLoadFactor");
        if (f != null && !f.isNull()) {
            factor = f.isNumber() ? f.asDouble() : -1;
            if (factor != 0 && (factor < 1.0 || factor > 100.0)) {
                s.problem("boundedLoadFactor", "must be 0 (no bound) or a number from 1.0 to 100.0, was ["
                        + f.asText() + "]");
                factor = 0;
            }
        }
        s.reportUnknownKeys();
        return new BalanceConfig(algorithm, key, factor);
    }

    private static boolean[] readRetryOn(ConfigSection top) {
        if (!top.has("retryOn")) {
            return new boolean[] {true, true};
        }
        boolean[] on = new boolean[2];
        for (JsonNode item : top.list("retryOn")) {
            switch (item.asText()) {
                case "connect-failure" -> on[0] = true;
                case "idempotent" -> on[1] = true;
                default -> top.problem("retryOn", "must list connect-failure and/or idempotent, had ["
                        + item.asText() + "]");
            }
        }
        return on;
    }

    private AdminConfig readAdmin(ConfigSection top) {
        if (!top.has("admin")) {
            top.section("admin");
            return AdminConfig.disabled();
        }
        ConfigSection s = top.section("admin");
        String listen = s.string("listen", "127.0.0.1:9090");
        int colon = listen.lastIndexOf(':');
        String host = colon <= 0 ? "" : listen.substring(0, colon).replace("[", "").replace("]", "");
        int port = -1;
        if (colon > 0 && listen.substring(colon + 1).matches("[0-9]{1,5}")) {
            port = Integer.parseInt(listen.substring(colon + 1));
        }
        if (host.isEmpty() || port < 0 || port > 65_535) {
            s.problem("listen", "must be HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:9090, was [" + listen
                    + "]");
        }
        boolean loopback = isLoopback(host);
        boolean allowRemote = s.bool("allowRemote", false);
        if (!loopback && !allowRemote && !host.isEmpty()) {
            s.problem("listen", "[" + host + "] is not a loopback address; set admin.allowRemote: true to expose"
                    + " the admin API beyond this host");
        }
        String token = readToken(s);
        boolean authenticateReads = s.bool("authenticateReads", false) || !loopback;
        if (!loopback && token == null && allowRemote) {
            s.problem("tokenFile", "a non-loopback admin listener needs admin.tokenFile or admin.tokenEnv");
        }
        s.reportUnknownKeys();
        return new AdminConfig(true, host.isEmpty() ? "127.0.0.1" : host, Math.max(port, 0), token,
                authenticateReads, loopback);
    }

    private static boolean isLoopback(String host) {
        if (host.isEmpty()) {
            return true;
        }
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private String readToken(ConfigSection s) {
        String file = s.string("tokenFile", null);
        String variable = s.string("tokenEnv", null);
        if (file != null && variable != null) {
            s.problem("tokenFile", "set either tokenFile or tokenEnv, not both");
            return null;
        }
        String token;
        if (file != null) {
            if (!SecretFilePermissions.check(baseDir.resolve(file), s, "tokenFile")) {
                return null;
            }
            try {
                token = Files.readString(baseDir.resolve(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                s.problem("tokenFile", "cannot read [" + file + "]: " + e.getClass().getSimpleName());
                return null;
            }
        } else if (variable != null) {
            token = env.get(variable);
            if (token == null) {
                s.problem("tokenEnv", "environment variable [" + variable + "] is not set");
                return null;
            }
            token = token.strip();
        } else {
            return null;
        }
        if (token.length() < MIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 32 && c < 127)) {
            s.problem(file != null ? "tokenFile" : "tokenEnv", "the token must be at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces");
            return null;
        }
        return token;
    }

    private AccessLogConfig readAccessLog(ConfigSection top) {
        if (!top.has("accessLog")) {
            top.section("accessLog");
            return AccessLogConfig.disabled();
        }
        ConfigSection s = top.section("accessLog");
        String file = s.string("file", null);
        boolean stdout = s.bool("stdout", false);
        if ((file == null) == !stdout) {
            s.problem("file", "set exactly one of accessLog.file (a path) and accessLog.stdout: true");
        }
        String format = s.string("format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            s.problem("format", "must be text or json, was [" + format + "]");
        }
        s.reportUnknownKeys();
        return new AccessLogConfig(true, file == null ? null : baseDir.resolve(file), format.equals("json"));
    }
}
