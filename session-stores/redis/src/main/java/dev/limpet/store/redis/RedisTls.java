package dev.limpet.store.redis;

import dev.limpet.core.store.spi.StoreOptions;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings of {@code rediss*} URIs: the server certificate is checked against the JVM's trust store, or
 * the store property {@code trustStore} (a PKCS12 or JKS file; {@code trustStorePassword}, default empty),
 * and the host name in the URI must match the certificate (HTTPS endpoint identification). Stateless.
 */
final class RedisTls {

    private RedisTls() {
    }

    /**
     * @param options the store options
     * @return the socket factory for TLS connections
     * @throws IllegalArgumentException if the trust store cannot be read
     */
    static SSLSocketFactory socketFactory(StoreOptions options) {
        String path = options.properties().get("trustStore");
        if (path == null) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try {
            char[] password = options.properties().getOrDefault("trustStorePassword", "").toCharArray();
            KeyStore trusted = KeyStore.getInstance(new File(path), password);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use trustStore [" + path + "]: " + e.getMessage(), e);
        }
    }

    /** @return parameters that make the TLS handshake verify the host name */
    static SSLParameters hostnameVerification() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
