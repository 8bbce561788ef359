package dev.limpet.reliability;

import dev.limpet.testsupport.RedisServerProcess;
import dev.limpet.testsupport.TomcatProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The processes of one run, all on loopback: the store's servers, Tomcat 11 distribution nodes with the drop-in
 * jar and the cart webapp installed as README.md says (the valve, the {@code <Manager>} line), the router's
 * executable jar in front, and — for network faults — a {@link FaultProxy} on every router→node and node→store
 * link. Every fault method leaves a record in nothing but the processes; the scenario logs the events. Not
 * thread-safe: one scenario drives it.
 */
final class Rig implements AutoCloseable {

    /**
     * @param store      which store the nodes share
     * @param sticky     the Manager's {@code sticky}; non-sticky nodes also set {@code failOnStoreError="true"} and
     *                   the router balances every request freely ({@code persistence: []})
     * @param nodes      how many Tomcat nodes ({@code node1} …)
     * @param faultLinks whether every router→node and node→store link goes through a fault proxy
     */
    record Spec(Store.Kind store, boolean sticky, int nodes, boolean faultLinks) {
    }

    /** How the router finds a user's node. */
    enum RouterMode {
        /** {@code persistence: [backend-cookie, jsessionid]} (or {@code []} when non-sticky): nothing to remember. */
        COOKIE,
        /** {@code learn-cookie} of {@code JSESSIONID}, pins in the router's own memory. */
        LEARN_LOCAL,
        /** {@code learn-cookie} of {@code JSESSIONID}, pins shared through Redis ({@code sessionTable.redis}). */
        LEARN_SHARED
    }

    private final Spec spec;
    private final Artifacts artifacts;
    private final Path dir;
    private final String secret;
    private final Map<String, TomcatProcess> nodes = new LinkedHashMap<>();
    private final Map<String, FaultProxy> routerLinks = new LinkedHashMap<>();
    private final Map<String, List<FaultProxy>> storeLinks = new LinkedHashMap<>();
    private Store store;
    private RedisServerProcess tableRedis;
    private RouterProcess router;

    private Rig(Spec spec, Artifacts artifacts, Path dir) {
        this.spec = spec;
        this.artifacts = artifacts;
        this.dir = dir;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secret = Base64.getEncoder().encodeToString(key);
    }

    /** Starts everything: the store, the nodes (in parallel), the router. */
    static Rig start(Spec spec, Artifacts artifacts, Path dir) throws Exception {
        Rig rig = new Rig(spec, artifacts, dir);
        try {
            rig.store = Store.start(spec.store(), spec.sticky());
            Map<String, CompletableFuture<TomcatProcess>> starting = new LinkedHashMap<>();
            for (int i = 1; i <= spec.nodes(); i++) {
                String route = "node" + i;
                String storeUri = rig.store.uri(rig.storePorts(route));
                starting.put(route, CompletableFuture.supplyAsync(() -> rig.startNode(route, storeUri)));
            }
            for (Map.Entry<String, CompletableFuture<TomcatProcess>> node : starting.entrySet()) {
                rig.nodes.put(node.getKey(), node.getValue().join());
                if (spec.faultLinks()) {
                    rig.routerLinks.put(node.getKey(), new FaultProxy("router->" + node.getKey(), node.getValue().join().port()));
                }
            }
            rig.router = new RouterProcess(artifacts.routerJar(), Files.createDirectories(dir.resolve("router")));
            rig.router.start(rig.routerYaml(RouterMode.COOKIE));
            return rig;
        } catch (Exception | Error e) {
            rig.close();
            throw e;
        }
    }

    /** @return where node {@code route} reaches the store's servers: their ports, or new fault proxies */
    private List<Integer> storePorts(String route) throws IOException {
        if (!spec.faultLinks()) {
            return store.ports();
        }
        List<FaultProxy> proxies = new ArrayList<>();
        for (int port : store.ports()) {
            proxies.add(new FaultProxy(route + "->store", port));
        }
        storeLinks.put(route, proxies);
        return proxies.stream().map(FaultProxy::port).toList();
    }

    private TomcatProcess startNode(String route, String storeUri) {
        String manager = "<Manager className=\"dev.limpet.tomcat.LimpetSessionManager\" storeUri=\"" + storeUri + "\""
                + (spec.sticky() ? "" : " sticky=\"false\" failOnStoreError=\"true\"")
                + " secretFile=\"conf/limpet-secret\"/>";
        TomcatProcess.Installation install = new TomcatProcess.Installation(artifacts.dropInJar(), artifacts.cartWar(),
                List.of(artifacts.postgresqlDriver()), "-Xmx256m -XX:+UseSerialGC");
        try {
            return TomcatProcess.start(artifacts.tomcatHome(), dir.resolve(route), route, secret, install,
                    base -> TomcatProcess.edit(base.resolve("conf/context.xml"), "</Context>", "  " + manager + "\n</Context>"));
        } catch (Exception e) {
            throw new IllegalStateException("node " + route + " did not start", e);
        }
    }

    private String routerYaml(RouterMode mode) throws IOException {
        Path secretFile = dir.resolve("router/secret");
        if (!Files.exists(secretFile)) {
            Files.writeString(secretFile, secret + "\n");
            Files.setPosixFilePermissions(secretFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        StringBuilder yaml = new StringBuilder("secretFile: '").append(secretFile).append("'\n")
                .append("healthCheck: {path: /cart/health, intervalMillis: 500, timeoutMillis: 1000, rise: 2, fall: 2}\n")
                .append("persistence: ").append(switch (mode) {
                    case COOKIE -> spec.sticky() ? "[backend-cookie, jsessionid]" : "[]";
                    case LEARN_LOCAL, LEARN_SHARED -> "[{method: learn-cookie, name: JSESSIONID}]";
                }).append('\n');
        if (mode == RouterMode.LEARN_SHARED) {
            if (tableRedis == null) {
                tableRedis = new RedisServerProcess();
                tableRedis.start();
            }
            yaml.append("sessionTable: {redis: {uri: '").append(tableRedis.uri()).append("', readTimeoutMillis: 200}}\n");
        }
        yaml.append("backends:\n");
        nodes.forEach((route, node) -> yaml.append("  - {route: ").append(route).append(", url: 'http://127.0.0.1:")
                .append(routerLinks.containsKey(route) ? routerLinks.get(route).port() : node.port()).append("'}\n"));
        return yaml.toString();
    }

    /** @return the router's URL, the same across restarts */
    String routerUrl() {
        return router.url();
    }

    /** @return the nodes' routes, in order */
    List<String> routes() {
        return List.copyOf(nodes.keySet());
    }

    Spec spec() {
        return spec;
    }

    /** Kills a node with {@code kill -9}. */
    void kill9(String route) {
        nodes.get(route).kill9();
    }

    /** Stops a node gracefully (SIGTERM: Tomcat's shutdown hook). */
    void stop(String route) throws InterruptedException {
        nodes.get(route).close();
    }

    /** Starts a stopped or killed node again on its port and base; returns once it serves. */
    void start(String route) throws IOException, InterruptedException {
        nodes.get(route).start();
    }

    /** @return a node's console (catalina.sh run), over every start */
    String console(String route) {
        return nodes.get(route).console();
    }

    /** Restarts the router with a persistence mode: gracefully ({@code kill -TERM}) or with {@code kill -9}. */
    void restartRouter(RouterMode mode, boolean kill9) throws IOException, InterruptedException {
        if (kill9) {
            router.kill9();
        } else {
            router.stop();
        }
        router.start(routerYaml(mode));
    }

    Store store() {
        return store;
    }

    /** @return the fault proxy between the router and a node */
    FaultProxy routerLink(String route) {
        return require(routerLinks.get(route));
    }

    /** @return the fault proxies between a node and the store's servers */
    List<FaultProxy> storeLinks(String route) {
        return require(storeLinks.get(route));
    }

    private <T> T require(T link) {
        if (link == null) {
            throw new IllegalStateException("this rig has no fault proxies (Spec.faultLinks)");
        }
        return link;
    }

    /** @return the PIDs of the router and the running nodes, by name, for memory sampling */
    Map<String, Long> jvmPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (router != null && router.pid() > 0) {
            pids.put("router", router.pid());
        }
        nodes.forEach((route, node) -> {
            if (node.isRunning()) {
                pids.put(route, node.pid());
            }
        });
        return pids;
    }

    @Override
    public void close() throws Exception {
        if (router != null) {
            router.close();
        }
        for (TomcatProcess node : nodes.values()) {
            node.close();
        }
        for (FaultProxy link : routerLinks.values()) {
            link.close();
        }
        for (List<FaultProxy> links : storeLinks.values()) {
            for (FaultProxy link : links) {
                link.close();
            }
        }
        if (store != null) {
            store.close();
        }
        if (tableRedis != null) {
            tableRedis.close();
        }
    }
}
