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
        long headerTimeout = top.longIn("requestHeaderTimeoutMillis", d.requestHeaderTimeoutMillis(), 0, 3_600_000, "ms");
        if (headerTimeout > 0 && headerTimeout < 100) {
            top.problem("requestHeaderTimeoutMillis", "must be 0 (off) or from 100 to 3600000 ms, was ["
                    + headerTimeout + "]");
        }
        return new EdgeConfig(enabled, idle, buffer, PersistenceConfigParser.trustedProxies(top),
                top.bool("proxyProtocol", d.proxyProtocol()), headerTimeout,
                top.longIn("minRequestBodyBytesPerSecond", 0, 0, 1L << 30, "bytes/s"),
                top.intIn("maxConnectionsPerClient", 0, 0, 1_000_000, "connections"),
                top.bool("http2", d.http2()));
    }
}
