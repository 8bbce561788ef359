/**
 * The Jetty 12 adapter: a {@code SessionDataStore} that persists Jetty's sessions through Limpet's store, and a
 * Jetty core {@code Handler} that sets the signed {@code X-Backend} cookie. Thin: the logic lives in
 * {@code dev.limpet.sessions} and core. See {@code docs/jetty.md}.
 */
package dev.limpet.jetty;
