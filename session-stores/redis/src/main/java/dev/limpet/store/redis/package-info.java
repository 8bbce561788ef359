/**
 * The Redis store ({@code redis://}, {@code rediss://}, Sentinel and Cluster URIs) through jedis: versioned
 * writes in one script call, TLS and ACL users. See {@code docs/redis-store.md}.
 */
package dev.limpet.store.redis;
