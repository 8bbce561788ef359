/**
 * The router's access log: one line per request with the favoured, required and actual node, the
 * persistence method and the outcome; session ids in queries and paths are redacted.
 */
package dev.limpet.router.accesslog;
