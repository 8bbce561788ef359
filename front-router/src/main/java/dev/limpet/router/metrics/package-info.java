/**
 * Prometheus metrics of the router (requests, failovers, nodes, session table), served on the admin listener.
 */
package dev.limpet.router.metrics;
