package dev.limpet.router.config;

import java.nio.file.Path;

/**
 * TLS termination on the router's listener ({@code tls}): when present the listener speaks HTTPS only, and the
 * {@code tls-session} persistence method can read TLS session ids. The key store is loaded during validation.
 *
 * @param keyStoreFile      {@code tls.keyStoreFile}: the key store holding the server key and certificate chain
 * @param keyStoreType      {@code tls.keyStoreType}: {@code PKCS12} (default) or {@code JKS}
 * @param keyStorePassword  read from {@code tls.keyStorePasswordEnv} or {@code tls.keyStorePasswordFile}; never
 *                          logged
 */
public record TlsConfig(Path keyStoreFile, String keyStoreType, String keyStorePassword) {

    @Override
    public String toString() {
        return "TlsConfig[keyStoreFile=" + keyStoreFile + ", keyStoreType=" + keyStoreType + "]";
    }
}
