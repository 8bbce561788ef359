package dev.limpet.router.config;

import dev.limpet.core.config.HostPort;
import dev.limpet.core.config.SecretSources;
import dev.limpet.router.balance.Balancers;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Builds the operations settings ({@link OperationsConfig}) from the bound {@code balance}, {@code retryOn},
 * {@code admin}, {@code accessLog}, {@code routeHeader} and {@code drain} keys, reading the admin token and adding
 * every problem to the parse's list. Not thread-safe; one instance per parse.
 */
final class OperationsConfigParser {

    /** Shortest accepted admin token, in characters: guessing must be hopeless. */
    static final int MIN_TOKEN_LENGTH = 16;

    private final Map<String, String> env;
    private final Path baseDir;
    private final ConfigProblems problems;

    OperationsConfigParser(Map<String, String> env, Path baseDir, ConfigProblems problems) {
        this.env = env;
        this.baseDir = baseDir;
        this.problems = problems;
    }

    OperationsConfig parse(RouterYaml y) {
        boolean connectFailure = y.retryOn().contains("connect-failure");
        boolean idempotent = y.retryOn().contains("idempotent");
        for (String item : y.retryOn()) {
            if (!"connect-failure".equals(item) && !"idempotent".equals(item)) {
                problems.add("retryOn", "must list connect-failure and/or idempotent, had [" + item + "]");
            }
        }
        AdminConfig admin = y.admin() == null ? disabledAdmin() : admin(y.admin(), problems.in("admin"));
        AccessLogConfig accessLog = y.accessLog() == null ? AccessLogConfig.disabled() : accessLog(y.accessLog());
        return new OperationsConfig(balance(y.balance(), problems.in("balance")), connectFailure, idempotent, admin,
                accessLog, y.routeHeader(), y.drain().idleSeconds(), y.drain().maxTrackedSessions());
    }

    /** @return the settings of a router without an admin listener, from the bound defaults */
    static AdminConfig disabledAdmin() {
        HostPort listen = HostPort.parse(YamlBinding.defaults(Sections.Admin.class, "{}").listen(), -1, 0);
        return new AdminConfig(false, listen.host(), listen.port(), null, false, true);
    }

    /** @return the balance settings {@code s}, checked; problems added to {@code at} */
    static BalanceConfig balance(BalanceConfig s, BiConsumer<String, String> at) {
        if (!Balancers.names().contains(s.algorithm())) {
            at.accept("algorithm", "must be one of " + Balancers.names() + ", was [" + s.algorithm() + "]");
        }
        if (s.boundedLoadFactor() != 0 && (s.boundedLoadFactor() < 1.0 || s.boundedLoadFactor() > 100.0)) {
            at.accept("boundedLoadFactor", "must be 0 (no bound) or a number from 1.0 to 100.0, was ["
                    + s.boundedLoadFactor() + "]");
        }
        return s;
    }

    private AdminConfig admin(Sections.Admin s, BiConsumer<String, String> at) {
        HostPort listen = null;
        try {
            listen = HostPort.parse(s.listen(), -1, 0);
        } catch (IllegalArgumentException e) {
            at.accept("listen", "must be HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:9090, was ["
                    + s.listen() + "]");
        }
        String host = listen == null ? "" : listen.host();
        boolean loopback = isLoopback(host);
        if (!loopback && !s.allowRemote()) {
            at.accept("listen", "[" + host + "] is not a loopback address; set admin.allowRemote: true to expose"
                    + " the admin API beyond this host");
        }
        String token = token(s, at);
        if (!loopback && token == null && s.allowRemote()) {
            at.accept("tokenFile", "a non-loopback admin listener needs admin.tokenFile or admin.tokenEnv");
        }
        return new AdminConfig(true, host.isEmpty() ? "127.0.0.1" : host, listen == null ? 0 : listen.port(), token,
                s.authenticateReads() || !loopback, loopback);
    }

    private static boolean isLoopback(String host) {
        if (host.isEmpty() || host.equals("localhost")) {
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

    private String token(Sections.Admin s, BiConsumer<String, String> at) {
        SecretSources.Choice choice = new SecretSources.Choice("tokenFile", s.tokenFile(), "tokenEnv", s.tokenEnv());
        SecretSources.Secret secret = SecretSources.read(choice, baseDir, env::get, at);
        if (secret == null) {
            return null;
        }
        String token = secret.text().strip();
        if (token.length() < MIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 32 && c < 127)) {
            at.accept(choice.hasFile() ? "tokenFile" : "tokenEnv", "the token must be at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces");
            return null;
        }
        return token;
    }

    private AccessLogConfig accessLog(Sections.AccessLog s) {
        if ((s.file() == null) == !s.stdout()) {
            problems.add("accessLog.file", "set exactly one of accessLog.file (a path) and accessLog.stdout: true");
        }
        return new AccessLogConfig(true, s.file(), "json".equals(s.format()));
    }
}
