package dev.limpet.router.cli;

/**
 * Installs handlers for POSIX signals with {@code sun.misc.Signal} (module {@code jdk.unsupported}: exported and
 * supported on every OpenJDK build, and the only way Java 17 has to catch SIGHUP). Without it (a JVM lacking the
 * class, or started with {@code -Xrs}) installation reports failure and the caller falls back to a shutdown hook.
 * Stateless.
 */
final class Signals {

    private Signals() {
    }

    /**
     * @param name   the signal name without {@code SIG}, e.g. {@code HUP}
     * @param action what to run, on the JVM's signal-dispatch thread (keep it short or hand it off)
     * @return whether the handler was installed
     */
    static boolean handle(String name, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
            return true;
        } catch (IllegalArgumentException | LinkageError e) {
            return false;
        }
    }
}
