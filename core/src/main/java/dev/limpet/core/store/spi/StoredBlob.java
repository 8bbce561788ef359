package dev.limpet.core.store.spi;

/**
 * What a {@link StoreBackend} holds for one key: opaque bytes (a sealed envelope) and their version.
 *
 * @param blob    the bytes exactly as saved
 * @param version the version, 1 or more, incremented by every successful put
 */
public record StoredBlob(byte[] blob, long version) {
}
