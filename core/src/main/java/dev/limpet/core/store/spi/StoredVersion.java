package dev.limpet.core.store.spi;

/**
 * What {@link StoreBackend#version} reports for a key that exists: its version, and whether the entry is a
 * <b>tombstone</b> — an entry whose blob is empty (zero bytes), left by an invalidated or expired session so that
 * no other node takes it over or writes it back (see {@code docs/tomcat.md}, "Logout everywhere").
 *
 * @param version   the entry's version, 1 or more
 * @param tombstone {@code true} if the entry's blob is empty
 */
public record StoredVersion(long version, boolean tombstone) {
}
