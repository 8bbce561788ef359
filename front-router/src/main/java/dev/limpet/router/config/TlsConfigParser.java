package dev.limpet.router.config;

import dev.limpet.core.config.SecretSources;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Builds the {@code tls} settings (the listener's key store, several certificates by SNI) and the {@code backendTls}
 * settings (trust store, client certificate and host name verification towards {@code https://} nodes) from their
 * bound sections. Every store is loaded during validation; every problem is added to the parse's list, nothing is
 * thrown. Passwords come from an environment variable or a file only and are never logged. Not thread-safe; one
 * instance per parse.
 */
final class TlsConfigParser {

    private final Map<String, String> env;
    private final Path baseDir;
    private final ConfigProblems problems;

    TlsConfigParser(Map<String, String> env, Path baseDir, ConfigProblems problems) {
        this.env = env;
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /** @return the {@code tls} settings, or {@code null} when invalid (problems added) */
    TlsConfig tls(Sections.Tls s) {
        BiConsumer<String, String> at = problems.in("tls");
        Loaded loaded = store(at, new Keys("keyStore", s.keyStoreFile(), s.keyStoreType(), s.keyStorePasswordEnv(),
                s.keyStorePasswordFile()), true);
        if (loaded == null) {
            return null;
        }
        List<String> keys = keyAliases(at, "keyStoreFile", loaded.store());
        if (keys.isEmpty()) {
            at.accept("keyStoreFile", "[" + loaded.file().file() + "] holds no private key");
        } else if (s.defaultAlias() != null && !keys.contains(s.defaultAlias())) {
            at.accept("defaultAlias", "no private key with alias [" + s.defaultAlias() + "] in [" + loaded.file().file()
                    + "]; it holds " + keys);
        } else if (s.defaultAlias() == null && keys.size() > 1) {
            at.accept("defaultAlias", "is required when the key store holds several keys (" + keys + "): the"
                    + " certificate for clients whose SNI host name no certificate matches");
        }
        StoreFile f = loaded.file();
        return new TlsConfig(f.file(), f.type(), f.password(), s.defaultAlias());
    }

    /** @return the {@code backendTls} settings */
    BackendTlsConfig backendTls(Sections.BackendTls s) {
        BiConsumer<String, String> at = problems.in("backendTls");
        Loaded trust = store(at, new Keys("trustStore", s.trustStoreFile(), s.trustStoreType(),
                s.trustStorePasswordEnv(), s.trustStorePasswordFile()), false);
        if (trust != null && !hasCertificate(at, trust.store())) {
            at.accept("trustStoreFile", "[" + trust.file().file() + "] holds no trusted certificate");
        }
        Loaded key = store(at, new Keys("keyStore", s.keyStoreFile(), s.keyStoreType(), s.keyStorePasswordEnv(),
                s.keyStorePasswordFile()), true);
        if (key != null && keyAliases(at, "keyStoreFile", key.store()).isEmpty()) {
            at.accept("keyStoreFile", "[" + key.file().file() + "] holds no private key for a client certificate");
        }
        return new BackendTlsConfig(trust == null ? null : trust.file(), key == null ? null : key.file(),
                s.hostnameVerification());
    }

    private record Loaded(StoreFile file, KeyStore store) {
    }

    /** The keys of one store: {@code <prefix>File}, {@code <prefix>Type}, {@code <prefix>Password(Env|File)}. */
    private record Keys(String prefix, Path file, String type, String passwordEnv, String passwordFile) {
    }

    /**
     * @param passwordRequired whether a password must be set along with the file
     * @return the loaded store, or {@code null} when no file is named or a problem was added
     */
    private Loaded store(BiConsumer<String, String> at, Keys k, boolean passwordRequired) {
        SecretSources.Choice choice = new SecretSources.Choice(k.prefix() + "PasswordFile", k.passwordFile(),
                k.prefix() + "PasswordEnv", k.passwordEnv());
        boolean hasPassword = choice.hasFile() || choice.hasVariable();
        if (k.file() == null) {
            if (hasPassword) {
                at.accept(k.prefix() + "File", "is required when a " + k.prefix() + " password is set");
            }
            return null;
        }
        if (passwordRequired && !hasPassword) {
            at.accept(k.prefix() + "PasswordEnv", "set exactly one of " + k.prefix() + "PasswordEnv or " + k.prefix()
                    + "PasswordFile");
            return null;
        }
        SecretSources.Secret password = SecretSources.read(choice, baseDir, env::get, at);
        if (password == null && hasPassword) {
            return null;
        }
        String text = password == null ? null : choice.hasFile() ? password.text().strip() : password.text();
        StoreFile store = new StoreFile(k.file(), k.type(), text);
        try {
            return new Loaded(store, store.load());
        } catch (IOException | GeneralSecurityException e) {
            at.accept(k.prefix() + "File", "cannot load [" + store.file() + "] of type [" + k.type() + "]: "
                    + e.getMessage());
            return null;
        }
    }

    private static List<String> keyAliases(BiConsumer<String, String> at, String key, KeyStore store) {
        List<String> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            at.accept(key, "cannot list its entries: " + e.getMessage());
        }
        return keys;
    }

    private static boolean hasCertificate(BiConsumer<String, String> at, KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) != null) {
                    return true;
                }
            }
        } catch (GeneralSecurityException e) {
            at.accept("trustStoreFile", "cannot list its entries: " + e.getMessage());
        }
        return false;
    }
}
