/**
 * The reliability harness ({@code reliability/run SCENARIO}, {@code docs/reliability.md}): a rig of real processes
 * on loopback (a store server, Tomcat distribution nodes with the drop-in jar, the router jar, fault-injecting TCP
 * proxies), verifying users that each keep a cart, fault scenarios played against them, and the tally of
 * requests, failures, lost sessions and updates, latency, recovery time and memory that ends each run.
 */
package dev.limpet.reliability;
