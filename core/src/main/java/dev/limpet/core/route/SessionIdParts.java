package dev.limpet.core.route;

import java.util.Optional;

/**
 * A session id split at its route separator.
 *
 * @param id    the route-less id: the store key part; never empty
 * @param route the route (Tomcat {@code jvmRoute}) if the id carried a valid one
 */
public record SessionIdParts(String id, Optional<String> route) {
}
