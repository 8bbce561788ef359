package dev.limpet.sessions;

import java.util.Locale;
import java.util.Optional;

/**
 * When a sticky session's changed state reaches the store (the manager's {@code backupMode} attribute).
 *
 * <ul>
 * <li>{@link #SYNC} (default): before the response is committed — when the application has finished, or at the
 *     first flush of a response it streams — as Spring Session's {@code SessionRepositoryFilter} commits the
 *     session before the response. A response the user sees is a state the store holds ("acknowledged means
 *     stored"), so a node killed right after answering loses nothing. Costs the store write's round trip on
 *     requests that changed the session (unchanged requests still make no store call).</li>
 * <li>{@link #ASYNC}: after the response, from a queue of writer threads (memcached-session-manager's
 *     non-blocking mode). Lower latency; the loss window is the queue's latency — changes acknowledged in the
 *     last few milliseconds before a node dies (longer when the store is slow) are lost.</li>
 * </ul>
 * Either way, while the store is down a change is kept on the node and written once the store answers.
 */
public enum BackupMode {
    /** Written before the response is committed. */
    SYNC,
    /** Written after the response by the backup queue. */
    ASYNC;

    /**
     * @param value {@code sync} or {@code async}, any case; {@code null} for the default
     * @return the mode, or empty if the value is not one of those
     */
    public static Optional<BackupMode> parse(String value) {
        if (value == null) {
            return Optional.of(SYNC);
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "sync" -> Optional.of(SYNC);
            case "async" -> Optional.of(ASYNC);
            default -> Optional.empty();
        };
    }
}
