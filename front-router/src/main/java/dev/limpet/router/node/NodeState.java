package dev.limpet.router.node;

/**
 * Whether a node is healthy now: the health dimension only; the administrative one (active, draining,
 * disabled) is {@link AdminState}.
 */
public enum NodeState {
    /** Passing health checks (or unchecked) and no recent connection failure: takes requests. */
    UP,
    /** Failed {@code fall} consecutive active health checks; up again after {@code rise} passes. */
    DOWN_HEALTH_CHECK,
    /** A connection to it failed less than {@code passiveDownMillis} ago (passive failure detection). */
    DOWN_PASSIVE
}
