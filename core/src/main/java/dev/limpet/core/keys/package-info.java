/**
 * Master secrets and the key rings derived from them: one HKDF-SHA256 key per purpose (backend cookie,
 * router cookie, session blob), the first secret signs and every listed one verifies, so keys rotate without
 * logging anyone out. Secrets come from files or environment variables and never reach a log.
 * See {@code docs/architecture.md} §2 and {@code docs/affinity-token.md}.
 */
package dev.limpet.core.keys;
