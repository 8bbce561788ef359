/**
 * The backend nodes and their states: active, draining (existing sessions only) and disabled, health checks,
 * passive failure detection, and the count of sessions each node still holds while it drains.
 */
package dev.limpet.router.node;
