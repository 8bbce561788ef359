/**
 * Forwarding: one attempt per node with Jetty's {@code HttpClient}, retries of idempotent requests on another
 * node, proxy headers, and the router's own plain responses (502, 503, 504, sorry pages).
 */
package dev.limpet.router.proxy;
