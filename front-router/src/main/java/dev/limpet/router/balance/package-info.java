/**
 * Balancing of requests that carry no pin: round-robin, weighted round-robin, least-connections and
 * consistent hash, over the nodes that accept new sessions.
 */
package dev.limpet.router.balance;
