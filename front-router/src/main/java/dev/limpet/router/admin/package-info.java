/**
 * The admin API and status page, served on their own listener (loopback by default); every change of state
 * is authenticated with a bearer token. Keys and endpoints: {@code docs/router.md}.
 */
package dev.limpet.router.admin;
