package dev.limpet.router.config;

import dev.limpet.router.persistence.IpAddresses.Cidr;
import java.util.List;

/**
 * How the router's listener meets clients beyond plain request/response: protocol upgrades spliced into tunnels
 * (the {@code tunnel} keys), which peers' forwarding headers are believed ({@code trustedProxies}) and the PROXY
 * protocol ({@code proxyProtocol}). Documented key by key in {@code docs/router.md}. Immutable and thread-safe.
 *
 * @param tunnelsEnabled          {@code tunnel.enabled}: forward {@code Upgrade} requests (RFC 9110 §7.8) and splice
 *                                the two connections after a {@code 101}, default true; false drops {@code Upgrade} as
 *                                a hop-by-hop header (the request then reaches the node as a plain request)
 * @param tunnelIdleTimeoutMillis {@code tunnel.idleTimeoutMillis}: silence in both directions after which an open
 *                                tunnel is closed, in ms, 1..86400000, default 3600000 (HAProxy {@code timeout tunnel})
 * @param tunnelBufferBytes       {@code tunnel.bufferBytes}: bytes read at once from either side of a tunnel,
 *                                1024..1048576, default 16384; one read waits until the other side took the previous
 *                                one (back-pressure)
 * @param trustedProxies          {@code trustedProxies}: peers (CIDR prefixes) whose {@code Forwarded},
 *                                {@code X-Forwarded-*} and {@code X-Real-IP} headers are passed on; default none
 * @param proxyProtocol           {@code proxyProtocol}: the listener expects the PROXY protocol header (HAProxy's
 *                                v1 text or v2 binary) before anything else on every connection, default false
 * @param requestHeaderTimeoutMillis {@code requestHeaderTimeoutMillis}: the first request's headers must be complete
 *                                this long after a connection opened, in ms, 0 (off) or 100..3600000, default 10000
 *                                (HAProxy {@code timeout http-request})
 * @param minRequestBodyBytesPerSecond {@code minRequestBodyBytesPerSecond}: a request body read more slowly than
 *                                this on average fails, 0 (off, default) or 1..1073741824 bytes/s
 * @param maxConnectionsPerClient {@code maxConnectionsPerClient}: open connections per client address, 0
 *                                (unlimited, default) or 1..1000000
 * @param http2                   {@code http2}: the listener also speaks HTTP/2 — h2 over TLS chosen by ALPN
 *                                (RFC 9113, RFC 7301), h2c in clear text (prior knowledge or {@code Upgrade: h2c});
 *                                HTTP/1.1 stays available; default false
 */
public record EdgeConfig(boolean tunnelsEnabled, long tunnelIdleTimeoutMillis, int tunnelBufferBytes,
                         List<Cidr> trustedProxies, boolean proxyProtocol, long requestHeaderTimeoutMillis,
                         long minRequestBodyBytesPerSecond, int maxConnectionsPerClient, boolean http2) {

    /** Copies the list. */
    public EdgeConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }
}
