/**
 * Test support shared by every module's tests: the store contract suite every store passes, launchers that
 * start real Redis, Memcached, PostgreSQL and MariaDB processes on free ports, and a cookie-keeping HTTP client.
 */
package dev.limpet.store.testkit;
