/**
 * The Memcached store ({@code memcached://} URIs) through xmemcached: several nodes on a consistent-hash ring,
 * CAS versions, an optional backup copy on a second node. See {@code docs/memcached-store.md}.
 */
package dev.limpet.store.memcached;
