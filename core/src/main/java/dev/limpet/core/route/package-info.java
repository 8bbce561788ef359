/**
 * The route in a session id, Tomcat's {@code <id>.<jvmRoute>} form, read from the {@code JSESSIONID}
 * cookie or the {@code ;jsessionid=} path parameter. Stores key sessions by the id without its route.
 * See {@code docs/architecture.md} §2.
 */
package dev.limpet.core.route;
