/**
 * The session store facade ({@link dev.limpet.core.store.SessionStore}) that container adapters use: it
 * validates, times, counts and logs, seals every session in a MAC-verified blob envelope, and deserializes
 * only behind the MAC check and an {@link java.io.ObjectInputFilter}. Store implementations plug in below it
 * through {@link dev.limpet.core.store.spi}. See {@code docs/session-blob.md} and {@code docs/architecture.md} §4.
 */
package dev.limpet.core.store;
