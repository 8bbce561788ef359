/**
 * JMH benchmarks of Limpet's hot code and of each session store against its raw client, measured in the
 * same run (run them with {@code bench/stores.sh}). Not a library and never published; the figures live in
 * {@code bench/STORES.md}.
 */
package dev.limpet.bench;
