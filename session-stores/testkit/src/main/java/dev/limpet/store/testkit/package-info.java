/**
 * Test support of the session stores: the store contract suite every store passes and a cookie-keeping HTTP client.
 * The launchers of real servers are in {@code dev.limpet.testsupport} (module {@code limpet-test-support}).
 */
package dev.limpet.store.testkit;
