/**
 * The router's life cycle: graceful stop (in-flight requests and open tunnels, HAProxy's soft stop), reload of the
 * configuration (with the keys only a restart applies), and the nodes' administrative state kept across restarts
 * in a state file (HAProxy's {@code server-state-file}) or shared between routers through Redis.
 */
package dev.limpet.router.lifecycle;
