package dev.limpet.router;

import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.config.TlsConfig;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The listener's connection factories: plain HTTP/1.1 (and h2c with {@code http2}), or HTTP/1.1 (and h2 chosen by
 * ALPN with {@code http2}) over TLS when {@code tls} is configured
 * (Jetty's {@link SslContextFactory.Server} with the configured key store, and a {@link SecureRequestCustomizer}
 * so requests are marked secure; SNI host checks are off, since the router serves any host name it is reached
 * by). A key store with several keys serves each client the certificate matching its SNI host name, the
 * {@code tls.defaultAlias} one otherwise. Stateless.
 */
final class ListenerTls {

    private ListenerTls() {
    }

    /**
     * @param config the configuration
     * @param http   the HTTP configuration (a secure-request customizer is added to it when TLS is on)
     * @return the connection factories, outermost first
     */
    /**
     * Upgrades are tunnelled over HTTP/1.1 only: not advertising {@code SETTINGS_ENABLE_CONNECT_PROTOCOL} (RFC 8441)
     * makes browsers open their WebSockets over HTTP/1.1 even when the page came over HTTP/2.
     */
    private static ConnectionFactory withoutConnectProtocol(AbstractHTTP2ServerConnectionFactory h2) {
        h2.setConnectProtocolEnabled(false);
        return h2;
    }

    static ConnectionFactory[] connectionFactories(RouterConfig config, HttpConfiguration http) {
        boolean h2 = config.edge().http2();
        if (config.tls().isEmpty()) {
            return h2 ? new ConnectionFactory[] {new HttpConnectionFactory(http), withoutConnectProtocol(
                    new HTTP2CServerConnectionFactory(http))} : new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        TlsConfig tls = config.tls().get();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keyStoreFile().toString());
        ssl.setKeyStoreType(tls.keyStoreType());
        ssl.setKeyStorePassword(tls.keyStorePassword());
        // Several keys: Jetty picks the one whose certificate names the SNI host; defaultAlias for the rest.
        ssl.setCertAlias(tls.defaultAlias());
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        if (h2) {
            // ALPN picks h2 or http/1.1 (the default for clients without ALPN); HTTP/2 requires TLS 1.2+ and its
            // cipher blacklist, which Jetty's HTTP2Cipher comparator orders around.
            ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            return new ConnectionFactory[] {new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                withoutConnectProtocol(new HTTP2ServerConnectionFactory(http)), new HttpConnectionFactory(http)};
        }
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http)};
    }
}
