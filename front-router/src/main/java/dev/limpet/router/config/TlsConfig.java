package dev.limpet.router.config;

import java.nio.file.Path;

/**
 * TLS termination on the router's listener ({@code tls}): when present the listener speaks HTTPS only, and the
 * {@code tls-session} persistence method can read TLS session ids. The key store is loaded during validation. A key
 * store may hold several certificates (one alias each): a handshake gets the one whose names match the host name the
 * client sent by SNI (RFC 6066), any other the {@code defaultAlias} one (Jetty's {@code SslContextFactory.Server}
 * SNI selection and {@code certAlias}).
 *
 * @param keyStoreFile      {@code tls.keyStoreFile}: the key store holding the server keys and certificate chains
 * @param keyStoreType      {@code tls.keyStoreType}: {@code PKCS12} (default) or {@code JKS}
 * @param keyStorePassword  read from {@code tls.keyStorePasswordEnv} or {@code tls.keyStorePasswordFile}; never
 *                          logged
 * @param defaultAlias      {@code tls.defaultAlias}: the certificate for clients whose SNI name no certificate
 *                          matches, or that send none; required when the key store holds several keys, else
 *                          {@code null} (the one key)
 */
public record TlsConfig(Path keyStoreFile, String keyStoreType, String keyStorePassword, String defaultAlias) {

    @Override
    public String toString() {
        return "TlsConfig[keyStoreFile=" + keyStoreFile + ", keyStoreType=" + keyStoreType + ", defaultAlias="
                + defaultAlias + "]";
    }
}
