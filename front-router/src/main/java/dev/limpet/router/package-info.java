/**
 * The Limpet router: a layer-7 reverse proxy on Jetty 12 that keeps each user on the node holding their
 * session, fails over, drains and balances. {@link dev.limpet.router.LimpetRouter} assembles it from a
 * validated configuration. See {@code docs/router.md} and {@code docs/architecture.md} §3.
 */
package dev.limpet.router;
