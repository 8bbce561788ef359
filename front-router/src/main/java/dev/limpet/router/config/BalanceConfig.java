package dev.limpet.router.config;

import dev.limpet.router.balance.HashKey;

/**
 * The {@code balance} settings: how a node is picked for a request nothing usable pins. Bound key by key (each
 * component is the key of its name, with its {@link Default}). Immutable and thread-safe.
 *
 * @param algorithm         {@code round-robin}, {@code weighted}, {@code least-connections} or
 *                          {@code consistent-hash}
 * @param hashKey           what {@code consistent-hash} hashes
 * @param boundedLoadFactor {@code consistent-hash} load bound (HAProxy {@code hash-balance-factor} / 100):
 *                          0 = unbounded, else 1.0..100.0
 */
public record BalanceConfig(
        @Default("round-robin") String algorithm,
        @Default("source-ip") HashKey hashKey,
        @Default("0") double boundedLoadFactor) {
}
