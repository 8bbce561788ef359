/**
 * The in-memory store ({@code memory:} URI): one JVM only, for tests, demos and single-node development;
 * it passes the same contract suite as the networked stores.
 */
package dev.limpet.core.store.memory;
