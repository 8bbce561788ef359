package dev.limpet.router.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * A key store or trust store file as Jetty's {@code SslContextFactory} takes it: path, type and password. The
 * password is never logged ({@link #toString()} leaves it out). Immutable and thread-safe.
 *
 * @param file     the store file (already resolved against the configuration's directory)
 * @param type     {@code PKCS12} (default) or {@code JKS}
 * @param password the store password, or {@code null} for a trust store read without integrity check
 */
public record StoreFile(Path file, String type, String password) {

    /**
     * @return the loaded store
     * @throws IOException              if the file cannot be read or the password is wrong
     * @throws GeneralSecurityException if the type is unknown or the store is damaged
     */
    public KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    @Override
    public String toString() {
        return "StoreFile[file=" + file + ", type=" + type + "]";
    }
}
