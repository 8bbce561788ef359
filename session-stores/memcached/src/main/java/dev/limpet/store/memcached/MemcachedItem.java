package dev.limpet.store.memcached;

/**
 * One memcached item as the store writes and reads it: the sealed blob and the item's 32-bit client flags, which
 * carry a {@link CopyTags copy tag} (0 on items written before tags existed). Immutable apart from the array,
 * which is never modified after construction.
 *
 * @param value the sealed blob (empty for a tombstone)
 * @param flags the item's client flags
 */
record MemcachedItem(byte[] value, int flags) {
}
