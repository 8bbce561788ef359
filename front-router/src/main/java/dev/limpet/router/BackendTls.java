package dev.limpet.router;

import dev.limpet.router.config.BackendTlsConfig;
import dev.limpet.router.config.StoreFile;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the router's HTTP client towards {@code https://} nodes ({@code backendTls}): Jetty's
 * {@link SslContextFactory.Client} with the configured trust store (else the JDK's), the optional client key store,
 * and endpoint identification {@code HTTPS} (host name verification) unless turned off. One factory serves proxied
 * requests, health checks and upgrade tunnels. Stateless.
 */
final class BackendTls {

    private static final Logger LOG = LoggerFactory.getLogger(BackendTls.class);

    private BackendTls() {
    }

    /**
     * @param config the {@code backendTls} settings
     * @return a new, not yet started client factory
     * @throws IOException              if a store cannot be read any more (it was read during validation)
     * @throws GeneralSecurityException if a store cannot be loaded
     */
    static SslContextFactory.Client contextFactory(BackendTlsConfig config) throws IOException,
            GeneralSecurityException {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        if (config.trustStore() != null) {
            ssl.setTrustStore(config.trustStore().load());
        }
        StoreFile key = config.keyStore();
        if (key != null) {
            ssl.setKeyStore(key.load());
            ssl.setKeyStorePassword(key.password());
        }
        if (!config.hostnameVerification()) {
            ssl.setEndpointIdentificationAlgorithm(null);
            LOG.warn("backendTls.hostnameVerification is off: any certificate the trust store accepts is taken for"
                    + " any node, so whoever holds one can pose as a node");
        }
        return ssl;
    }
}
