package dev.limpet.router.lifecycle;

import dev.limpet.router.config.AdminConfig;
import dev.limpet.router.config.RouterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The keys a reload cannot apply to a running router, because they shape its listeners, thread pool, connection
 * pools or session table: {@code listen}, whether {@code tls} is on and its key store type, {@code backendTls},
 * {@code maxThreads},
 * {@code maxConnectionsPerBackend}, {@code connectTimeoutMillis}, {@code backendIdleTimeoutMillis},
 * {@code clientIdleTimeoutMillis}, {@code sessionTable}, {@code admin} (except the token), {@code accessLog},
 * {@code drain}, {@code discovery} and {@code lifecycle.stateFile}. A reload that changes any of them is refused as a whole, each change
 * named, and the running configuration stays; restart the router to apply them. Stateless.
 */
public final class RestartOnlyKeys {

    private RestartOnlyKeys() {
    }

    /**
     * @param running the running configuration
     * @param next    the reloaded configuration
     * @return one problem per restart-only key that differs, empty when the reload can be applied
     */
    public static List<String> changed(RouterConfig running, RouterConfig next) {
        List<String> problems = new ArrayList<>();
        check(problems, "listen", running.listenHost() + ":" + running.listenPort(),
                next.listenHost() + ":" + next.listenPort());
        check(problems, "tls", running.tls().map(t -> "on, " + t.keyStoreType()).orElse("off"),
                next.tls().map(t -> "on, " + t.keyStoreType()).orElse("off"));
        check(problems, "backendTls", running.backendTls(), next.backendTls());
        check(problems, "maxThreads", running.maxThreads(), next.maxThreads());
        check(problems, "maxConnectionsPerBackend", running.maxConnectionsPerBackend(),
                next.maxConnectionsPerBackend());
        check(problems, "connectTimeoutMillis", running.timeouts().connectTimeoutMillis(),
                next.timeouts().connectTimeoutMillis());
        check(problems, "backendIdleTimeoutMillis", running.timeouts().backendIdleTimeoutMillis(),
                next.timeouts().backendIdleTimeoutMillis());
        check(problems, "clientIdleTimeoutMillis", running.timeouts().clientIdleTimeoutMillis(),
                next.timeouts().clientIdleTimeoutMillis());
        check(problems, "sessionTable", running.sessionTable(), next.sessionTable());
        check(problems, "admin", withoutToken(running.operations().admin()), withoutToken(next.operations().admin()));
        check(problems, "accessLog", running.operations().accessLog(), next.operations().accessLog());
        check(problems, "drain", running.operations().drainIdleSeconds() + "/"
                + running.operations().drainMaxTrackedSessions(), next.operations().drainIdleSeconds() + "/"
                + next.operations().drainMaxTrackedSessions());
        check(problems, "discovery", running.discovery(), next.discovery());
        check(problems, "lifecycle.stateFile", running.lifecycle().stateFile(), next.lifecycle().stateFile());
        check(problems, "listener edge (trustedProxies, proxyProtocol, http2, requestHeaderTimeoutMillis,"
                + " minRequestBodyBytesPerSecond, maxConnectionsPerClient, tunnel)", running.edge(), next.edge());
        return problems;
    }

    private static String withoutToken(AdminConfig a) {
        return a.enabled() + " " + a.host() + ":" + a.port() + " reads=" + a.authenticateReads()
                + " token=" + (a.token() != null);
    }

    private static void check(List<String> problems, String key, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            problems.add(key + ": changed, which needs a restart (the running router keeps the old value)");
        }
    }
}
