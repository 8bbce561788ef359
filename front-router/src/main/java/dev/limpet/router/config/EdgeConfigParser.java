package dev.limpet.router.config;

/**
 * Reads the {@link EdgeConfig} keys, recording every problem in the shared list. Stateless.
 */
final class EdgeConfigParser {

    private EdgeConfigParser() {
    }

    static EdgeConfig parse(ConfigSection top) {
        EdgeConfig d = EdgeConfig.defaults();
        ConfigSection tunnel = top.section("tunnel");
        boolean enabled = tunnel.bool("enabled", d.tunnelsEnabled());
        long idle = tunnel.longIn("idleTimeoutMillis", d.tunnelIdleTimeoutMillis(), 1, 86_400_000, "ms");
        int buffer = tunnel.intIn("bufferBytes", d.tunnelBufferBytes(), 1024, 1_048_576, "bytes");
        tunnel.reportUnknownKeys();
        return new EdgeConfig(enabled, idle, buffer, PersistenceConfigParser.trustedProxies(top),
                top.bool("proxyProtocol", d.proxyProtocol()));
    }
}
