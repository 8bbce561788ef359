/**
 * Container-neutral session management shared by the container adapters: the backup queue, the stages of
 * write avoidance, the circuit breaker, the store lock, the takeover gate and the counters. It uses no servlet
 * or container API. See {@code docs/architecture.md} §4.
 */
package dev.limpet.sessions;
