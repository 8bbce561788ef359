/**
 * The session table: learned session keys, source-address and header pins mapped to routes; bounded,
 * idle-expiring (Caffeine), learned from responses only, and shareable between routers through Redis.
 */
package dev.limpet.router.table;
