/**
 * The small byte-level SPI a store implements (load, save with an expected version, touch, delete), found
 * through {@link java.util.ServiceLoader} by URI scheme. Providers know nothing of sessions, serialization or
 * containers; everything above bytes lives in {@link dev.limpet.core.store.SessionStore}.
 */
package dev.limpet.core.store.spi;
