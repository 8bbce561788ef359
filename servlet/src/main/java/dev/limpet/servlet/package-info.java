/**
 * Portable Servlet 6 filters for any container: {@code BackendCookieFilter} (the signed {@code X-Backend}
 * cookie) and {@code SessionSharingFilter} (sessions backed by Limpet's store). Uses {@code jakarta.servlet}
 * only (module {@code servlet/}, artifact {@code limpet-servlet}). See {@code docs/servlet.md}.
 */
package dev.limpet.servlet;
