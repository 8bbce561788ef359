package dev.limpet.router.config;

import java.nio.file.Path;

/** Reads the {@code lifecycle} section ({@link LifecycleConfig}), recording problems in the shared list. */
final class LifecycleConfigParser {

    private LifecycleConfigParser() {
    }

    static LifecycleConfig parse(ConfigSection top, Path baseDir) {
        ConfigSection s = top.section("lifecycle");
        long grace = s.longIn("stopGraceMillis", LifecycleConfig.DEFAULT_STOP_GRACE_MILLIS, 0, 3_600_000, "ms");
        String stateFile = s.string("stateFile", null);
        s.reportUnknownKeys();
        return new LifecycleConfig(grace, stateFile == null ? null : baseDir.resolve(stateFile));
    }
}
