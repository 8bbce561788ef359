package dev.limpet.router.node;

import dev.limpet.router.config.HealthCheckConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active HTTP health checks (HAProxy {@code option httpchk GET path} with {@code inter}, {@code rise},
 * {@code fall}): every {@code intervalMillis} each node gets {@code GET path} with
 * {@code User-Agent: limpet-health-check}; a 2xx or 3xx status within {@code timeoutMillis} passes, anything
 * else (connection failure, timeout, 4xx, 5xx) fails. State changes are applied through
 * {@link Node#recordCheck} and logged. Checks of one node never overlap: the next is scheduled when the
 * previous completes. Thread-safe.
 */
public final class HealthChecker {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final NodeRegistry registry;
    private final HealthCheckConfig config;
    private final HttpClient httpClient;
    private final Scheduler scheduler;
    private final Map<Node, Scheduler.Task> pending = new ConcurrentHashMap<>();
    private volatile boolean running;

    /**
     * @param registry   the nodes to check
     * @param config     enabled health check settings
     * @param httpClient a started client
     * @param scheduler  a started scheduler
     */
    public HealthChecker(NodeRegistry registry, HealthCheckConfig config, HttpClient httpClient,
                         Scheduler scheduler) {
        this.registry = registry;
        this.config = config;
        this.httpClient = httpClient;
        this.scheduler = scheduler;
    }

    /** Starts checking every node; the first check runs at once. */
    public synchronized void start() {
        running = true;
        for (Node node : registry.nodes()) {
            check(node);
        }
    }

    /** Stops scheduling checks; a check in flight completes without effect on scheduling. */
    public synchronized void stop() {
        running = false;
        pending.values().forEach(Scheduler.Task::cancel);
        pending.clear();
    }

    private void check(Node node) {
        if (!running) {
            return;
        }
        try {
            httpClient.newRequest(node.baseUri())
                    .method(HttpMethod.GET)
                    .path(config.path())
                    .timeout(config.timeoutMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> h.put(HttpHeader.USER_AGENT, "limpet-health-check"))
                    .send(result -> completed(node, result));
        } catch (RuntimeException e) {
            LOG.warn("cannot send health check to node [{}]", node, e);
            scheduleNext(node);
        }
    }

    private void completed(Node node, Result result) {
        int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
        boolean passed = result.isSucceeded() && status >= 200 && status < 400;
        boolean wasPassing = node.isCheckPassing();
        if (node.recordCheck(passed, config.rise(), config.fall())) {
            if (wasPassing) {
                LOG.warn("node [{}] DOWN: failed [{}] consecutive health checks, last [{}]", node, config.fall(),
                        result.isSucceeded() ? "status " + status : String.valueOf(result.getFailure()));
            } else {
                LOG.info("node [{}] UP: passed [{}] consecutive health checks", node, config.rise());
            }
        }
        scheduleNext(node);
    }

    private synchronized void scheduleNext(Node node) {
        if (!running) {
            return;
        }
        pending.put(node, scheduler.schedule(() -> check(node), config.intervalMillis(), TimeUnit.MILLISECONDS));
    }
}
