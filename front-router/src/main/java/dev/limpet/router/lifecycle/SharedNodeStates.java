package dev.limpet.router.lifecycle;

import dev.limpet.router.node.NodeRegistry;
import dev.limpet.router.node.NodeStates;
import dev.limpet.router.table.RedisSharedPins;
import dev.limpet.router.table.SessionTableConfig;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Shares the nodes' administrative state and weight between routers that share a session table in Redis: a change
 * through one router's admin API is written to the key {@code keyPrefix + "admin:nodes"} ({@link NodeStates} JSON,
 * no expiry), and every router reads that key at start and every {@code pollMillis}, applying what another router
 * wrote to the nodes of the same routes (last writer wins). Redis being down only delays the sharing: failures
 * are logged once per outage and retried at the next poll. Thread-safe.
 */
public final class SharedNodeStates implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedNodeStates.class);
    /** The key after the table's prefix; table keys always start with a method namespace, never with this. */
    static final String KEY = "admin:nodes";

    private final RedisClient redis;
    private final String key;
    private final NodeRegistry registry;
    private final Runnable applied;
    private final ScheduledExecutorService poller;
    private String lastSeen;
    private boolean failing;

    /**
     * Reads the shared state once (applying it) and starts polling.
     *
     * @param config     the session table's Redis settings
     * @param registry   the nodes
     * @param pollMillis how often the key is read, in milliseconds, at least 1
     * @param applied    called after another router's state was applied (e.g. to save the state file)
     */
    public SharedNodeStates(SessionTableConfig.RedisConfig config, NodeRegistry registry, long pollMillis,
                            Runnable applied) {
        this.redis = RedisSharedPins.client(URI.create(config.uri()), 2000, 1);
        this.key = config.keyPrefix() + KEY;
        this.registry = registry;
        this.applied = applied;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "limpet-shared-node-states");
            t.setDaemon(true);
            return t;
        });
        poll();
        poller.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Writes this router's node states for the others (after a change through its admin API). */
    public synchronized void publish() {
        String json = NodeStates.encode(registry);
        try {
            redis.set(key, json);
            lastSeen = json;
            recovered();
        } catch (RuntimeException e) {
            failed("write", e);
        }
    }

    private synchronized void poll() {
        try {
            String json = redis.get(key);
            recovered();
            if (json == null || Objects.equals(json, lastSeen)) {
                return;
            }
            lastSeen = json;
            int n = NodeStates.apply(json, registry);
            LOG.info("applied the node states another router shared through Redis ([{}] nodes)", n);
            applied.run();
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring the shared node states in Redis key [{}]: {}", key, e.getMessage());
        } catch (RuntimeException e) {
            failed("read", e);
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("sharing node states through Redis works again");
        }
    }

    private void failed(String what, RuntimeException e) {
        if (!failing) {
            failing = true;
            LOG.warn("cannot {} the shared node states in Redis (retried every poll): {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        redis.close();
    }
}
