package dev.limpet.router.node;

import dev.limpet.router.config.BackendConfig;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend node: its health, its administrative state and weight, and its in-flight exchanges. The active
 * health check result is written by the health checker only; the passive "down until" time by any request
 * thread that saw a connection failure; state and weight by the admin API. Reads are lock-free.
 *
 * <p>A node takes requests pinned to it when it is healthy and not {@link AdminState#DISABLED}
 * ({@link #isUsable}); it takes new sessions from the balancer only when it is also {@link AdminState#ACTIVE}
 * with a weight above 0 ({@link #acceptsNewSessions}). A {@linkplain #isBackup() backup} node is balanced to only
 * when no non-backup node accepts new sessions (HAProxy {@code backup}).
 *
 * <p>Thread-safe.
 */
public final class Node {

    /** The largest weight (HAProxy's limit). */
    public static final int MAX_WEIGHT = 256;

    private final BackendConfig backend;
    private final String route;
    private final String host;
    private final int port;
    private final URI baseUri;
    private volatile boolean checkPassing = true;
    private volatile boolean passiveDown;
    private volatile long passiveDownUntilNanos;
    private final AtomicInteger streak = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final boolean backup;
    private volatile AdminState adminState;
    private volatile int weight;
    private final NodeTunnels tunnels = new NodeTunnels();

    /** @param backend the configured backend */
    public Node(BackendConfig backend) {
        this.backend = backend;
        this.route = backend.route();
        this.host = backend.host();
        this.port = backend.port();
        this.baseUri = backend.url();
        this.backup = backend.backup();
        this.adminState = backend.state();
        this.weight = backend.weight();
    }

    /** @return the node's route (Tomcat {@code jvmRoute}) */
    public String route() {
        return route;
    }

    /** @return the backend's host */
    public String host() {
        return host;
    }

    /** @return the backend's port */
    public int port() {
        return port;
    }

    /** @return the backend's base URL, {@code http://host:port} or {@code https://host:port} */
    public URI baseUri() {
        return baseUri;
    }

    /** @return the configured backend */
    public BackendConfig backend() {
        return backend;
    }

    /**
     * @param nowNanos the current {@link System#nanoTime()}
     * @return whether the node takes requests pinned to it now: healthy and not disabled
     */
    public boolean isUsable(long nowNanos) {
        return adminState != AdminState.DISABLED && isHealthy(nowNanos);
    }

    /**
     * @param nowNanos the current {@link System#nanoTime()}
     * @return whether the node may be given new sessions now: usable, {@link AdminState#ACTIVE}, weight above 0
     */
    public boolean acceptsNewSessions(long nowNanos) {
        return adminState == AdminState.ACTIVE && weight > 0 && isHealthy(nowNanos);
    }

    /**
     * @param nowNanos the current {@link System#nanoTime()}
     * @return whether the node passes its health checks and had no recent connection failure
     */
    public boolean isHealthy(long nowNanos) {
        return checkPassing && (!passiveDown || nowNanos - passiveDownUntilNanos >= 0);
    }

    /** @return the administrative state ({@code backends[].state}, or as last set through the admin API) */
    public AdminState adminState() {
        return adminState;
    }

    /**
     * Sets the administrative state; {@link AdminState#DISABLED} also closes the node's open tunnels.
     *
     * @param state the new administrative state
     * @return the previous state
     */
    public AdminState setAdminState(AdminState state) {
        AdminState previous = adminState;
        adminState = Objects.requireNonNull(state, "state");
        if (state == AdminState.DISABLED) {
            tunnels.closeAll();
        }
        return previous;
    }

    /**
     * @return the node's open upgrade tunnels (WebSockets and other {@code Upgrade}s): their count for the admin
     *         API and metrics; setting the state to {@link AdminState#DISABLED} closes them, draining keeps them
     */
    public NodeTunnels tunnels() {
        return tunnels;
    }

    /** @return how many upgrade tunnels (e.g. WebSockets) to this node are open now */
    public int openTunnels() {
        return tunnels.count();
    }

    /** @return the balancing weight, 0..256 ({@code backends[].weight}, default 1); 0 takes no new sessions */
    public int weight() {
        return weight;
    }

    /**
     * @param weight the new weight, 0..256
     * @throws IllegalArgumentException when out of range
     */
    public void setWeight(int weight) {
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be from 0 to " + MAX_WEIGHT + ", was [" + weight + "]");
        }
        this.weight = weight;
    }

    /** @return whether this is a backup node (HAProxy {@code backup}) */
    public boolean isBackup() {
        return backup;
    }

    /** @return the exchanges with this node now in flight (sent, not yet complete), for least-connections */
    public int inFlight() {
        return inFlight.get();
    }

    /** Counts an exchange sent to this node; pair with {@link #exchangeEnded()}. */
    public void exchangeStarted() {
        inFlight.incrementAndGet();
    }

    /** Counts an exchange with this node as complete (succeeded or failed). */
    public void exchangeEnded() {
        inFlight.decrementAndGet();
    }

    /**
     * @param nowNanos the current {@link System#nanoTime()}
     * @return the node's state now
     */
    public NodeState state(long nowNanos) {
        if (!checkPassing) {
            return NodeState.DOWN_HEALTH_CHECK;
        }
        return isHealthy(nowNanos) ? NodeState.UP : NodeState.DOWN_PASSIVE;
    }

    /**
     * Passive failure detection: takes the node out of rotation after a failed connection.
     *
     * @param nowNanos   the current {@link System#nanoTime()}
     * @param downMillis for how long, in milliseconds; 0 keeps the node in rotation
     * @return whether the node was usable before this call (so the caller logs the transition once)
     */
    public boolean markConnectFailure(long nowNanos, long downMillis) {
        boolean wasUsable = isHealthy(nowNanos);
        if (downMillis > 0) {
            passiveDownUntilNanos = nowNanos + downMillis * 1_000_000L;
            passiveDown = true;
        }
        return wasUsable;
    }

    /**
     * Records one active health check result, HAProxy style: {@code fall} consecutive failures mark an up node
     * down, {@code rise} consecutive passes mark a down node up. Called by one health-check thread at a time.
     *
     * @param passed whether the check passed
     * @param rise   consecutive passes needed to come up, at least 1
     * @param fall   consecutive failures needed to go down, at least 1
     * @return whether the checked state changed
     */
    public boolean recordCheck(boolean passed, int rise, int fall) {
        if (passed == checkPassing) {
            streak.set(0);
            if (passed) {
                passiveDown = false;
            }
            return false;
        }
        if (streak.incrementAndGet() >= (passed ? rise : fall)) {
            streak.set(0);
            checkPassing = passed;
            if (passed) {
                passiveDown = false;
            }
            return true;
        }
        return false;
    }

    /** @return whether the last state decided by active checks is "passing" */
    public boolean isCheckPassing() {
        return checkPassing;
    }

    @Override
    public String toString() {
        return route + "@" + host + ":" + port;
    }
}
