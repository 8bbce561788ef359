package dev.limpet.router.config;

import java.util.Optional;

/**
 * TLS to {@code https://} nodes ({@code backendTls}): whom the router trusts, the client certificate it shows, and
 * whether it checks the node's host name. Applies to proxied requests, health checks and upgrade tunnels alike (one
 * Jetty {@code SslContextFactory.Client} on the router's HTTP client). Documented key by key in
 * {@code docs/router.md}. Immutable and thread-safe.
 *
 * @param trustStore           {@code backendTls.trustStore*}: the certificates a node's chain must lead to; absent =
 *                             the JDK's default trust store ({@code cacerts})
 * @param keyStore             {@code backendTls.keyStore*}: the client key and certificate chain shown to nodes that
 *                             ask for one; absent = none
 * @param hostnameVerification {@code backendTls.hostnameVerification}: the node's certificate must name the host of
 *                             its URL (RFC 9110 §4.3.4, Jetty's endpoint identification {@code HTTPS}), default true
 */
public record BackendTlsConfig(StoreFile trustStore, StoreFile keyStore, boolean hostnameVerification) {

    /** @return the trust store, empty for the JDK's default */
    public Optional<StoreFile> trustStoreFile() {
        return Optional.ofNullable(trustStore);
    }

    /** @return the client key store, empty when no client certificate is configured */
    public Optional<StoreFile> keyStoreFile() {
        return Optional.ofNullable(keyStore);
    }
}
