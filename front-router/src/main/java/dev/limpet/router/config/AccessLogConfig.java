package dev.limpet.router.config;

import java.nio.file.Path;

/**
 * The {@code accessLog} settings.
 *
 * @param enabled whether requests are logged ({@code accessLog} present)
 * @param file    {@code accessLog.file}: append to this file, or {@code null} for standard output
 *                ({@code accessLog.stdout: true})
 * @param json    {@code accessLog.format: json} (one JSON object per line) instead of {@code text}
 */
public record AccessLogConfig(boolean enabled, Path file, boolean json) {

    /** @return no access log */
    public static AccessLogConfig disabled() {
        return new AccessLogConfig(false, null, false);
    }
}
