/**
 * The signed, expiring affinity token carried by the backend's {@code X-Backend} cookie and by the router's
 * own cookie (HMAC-SHA256, constant-time verification, key rotation). The normative format, with test
 * vectors, is {@code docs/affinity-token.md}.
 */
package dev.limpet.core.token;
