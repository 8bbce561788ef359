package dev.limpet.testsupport;

import java.util.List;

/**
 * A real {@code memcached} on a free loopback port: {@code memcached -p PORT -U 0 -l 127.0.0.1 -u root -m 64}
 * (UDP off; {@code -u root} only matters when run as root). Restarts come back empty, as a real memcached
 * restart does. Requires the {@code memcached} package.
 */
public final class MemcachedServerProcess extends ServerProcess {

    private final String binary;

    /** Chooses a free port; call {@link #start()}. */
    public MemcachedServerProcess() {
        super("memcached");
        this.binary = requireBinary("memcached", "memcached");
    }

    /** @return {@code 127.0.0.1:PORT} */
    public String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    protected List<String> command() {
        return List.of(binary, "-p", String.valueOf(port()), "-U", "0", "-l", "127.0.0.1", "-u", "root", "-m", "64",
                "-c", "256");
    }
}
