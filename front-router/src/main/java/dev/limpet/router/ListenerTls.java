package dev.limpet.router;

import dev.limpet.router.config.RouterConfig;
import dev.limpet.router.config.TlsConfig;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The listener's connection factories: plain HTTP/1.1, or HTTP/1.1 over TLS when {@code tls} is configured
 * (Jetty's {@link SslContextFactory.Server} with the configured key store, and a {@link SecureRequestCustomizer}
 * so requests are marked secure; SNI host checks are off, since the router serves any host name it is reached
 * by). Stateless.
 */
final class ListenerTls {

    private ListenerTls() {
    }

    /**
     * @param config the configuration
     * @param http   the HTTP configuration (a secure-request customizer is added to it when TLS is on)
     * @return the connection factories, outermost first
     */
    static ConnectionFactory[] connectionFactories(RouterConfig config, HttpConfiguration http) {
        if (config.tls().isEmpty()) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        TlsConfig tls = config.tls().get();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keyStoreFile().toString());
        ssl.setKeyStoreType(tls.keyStoreType());
        ssl.setKeyStorePassword(tls.keyStorePassword());
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http)};
    }
}
