/**
 * The JDBC store ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:}, {@code jdbc:h2:}
 * URIs or a JNDI DataSource) through HikariCP: real upserts, optimistic versions, batched expiry.
 * See {@code docs/jdbc-store.md}.
 */
package dev.limpet.store.jdbc;
