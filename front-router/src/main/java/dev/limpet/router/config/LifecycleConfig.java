package dev.limpet.router.config;

import dev.limpet.router.config.Constraints.Within;
import java.nio.file.Path;

/**
 * How the router stops and what it remembers across restarts: the {@code lifecycle} keys, documented in
 * {@code docs/router.md} ("Stop, reload and state"), bound key by key (each component is the key of its name, with
 * its {@link Default}). Immutable and thread-safe.
 *
 * @param stopGraceMillis {@code lifecycle.stopGraceMillis}: after SIGTERM (or {@code LimpetRouter.stop()}) the
 *                        router stops accepting and waits at most this long, in milliseconds, for in-flight
 *                        requests and open tunnels to finish before it closes them; 0..3600000
 *                        (0 closes at once)
 * @param stateFile       {@code lifecycle.stateFile}: where the nodes' administrative state and weight are kept
 *                        across restarts, or {@code null} for none
 */
public record LifecycleConfig(
        @Within(min = 0, max = 3_600_000, unit = "ms") @Default("30000") long stopGraceMillis,
        Path stateFile) {
}
