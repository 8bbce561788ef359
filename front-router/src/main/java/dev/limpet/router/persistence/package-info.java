/**
 * Persistence methods: the ways a request is recognised as belonging to a node (signed {@code X-Backend}
 * cookie, {@code JSESSIONID} route, router cookie, learned application cookie, header, source address, TLS
 * session, named node). Each reads untrusted input and ignores what it cannot parse.
 */
package dev.limpet.router.persistence;
