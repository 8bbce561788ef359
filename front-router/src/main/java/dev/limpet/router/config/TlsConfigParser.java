package dev.limpet.router.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code tls} section (the listener's key store, several certificates by SNI) and the {@code backendTls}
 * section (trust store, client certificate and host name verification towards {@code https://} nodes). Every store is
 * loaded during validation; every problem is recorded in the shared list, nothing is thrown. Passwords come from an
 * environment variable or a file only and are never logged. Not thread-safe; one instance per parse.
 */
final class TlsConfigParser {

    private final Map<String, String> env;
    private final Path baseDir;

    TlsConfigParser(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    /** @return the {@code tls} settings, or {@code null} when absent or invalid (problems recorded) */
    TlsConfig tls(ConfigSection top) {
        if (!top.has("tls")) {
            return null;
        }
        ConfigSection s = top.section("tls");
        Loaded loaded = store(s, "keyStore", true, true);
        String defaultAlias = s.string("defaultAlias", null);
        s.reportUnknownKeys();
        if (loaded == null) {
            return null;
        }
        List<String> keys = keyAliases(s, "keyStoreFile", loaded.store());
        if (keys.isEmpty()) {
            s.problem("keyStoreFile", "[" + loaded.file().file() + "] holds no private key");
        } else if (defaultAlias != null && !keys.contains(defaultAlias)) {
            s.problem("defaultAlias", "no private key with alias [" + defaultAlias + "] in [" + loaded.file().file()
                    + "]; it holds " + keys);
        } else if (defaultAlias == null && keys.size() > 1) {
            s.problem("defaultAlias", "is required when the key store holds several keys (" + keys + "): the"
                    + " certificate for clients whose SNI host name no certificate matches");
        }
        StoreFile f = loaded.file();
        return new TlsConfig(f.file(), f.type(), f.password(), defaultAlias);
    }

    /** @return the {@code backendTls} settings, {@link BackendTlsConfig#defaults()} when absent */
    BackendTlsConfig backendTls(ConfigSection top) {
        BackendTlsConfig d = BackendTlsConfig.defaults();
        if (!top.has("backendTls")) {
            return d;
        }
        ConfigSection s = top.section("backendTls");
        Loaded trust = store(s, "trustStore", false, false);
        if (trust != null && !hasCertificate(s, trust.store())) {
            s.problem("trustStoreFile", "[" + trust.file().file() + "] holds no trusted certificate");
        }
        Loaded key = store(s, "keyStore", false, true);
        if (key != null && keyAliases(s, "keyStoreFile", key.store()).isEmpty()) {
            s.problem("keyStoreFile", "[" + key.file().file() + "] holds no private key for a client certificate");
        }
        boolean verify = s.bool("hostnameVerification", d.hostnameVerification());
        s.reportUnknownKeys();
        return new BackendTlsConfig(trust == null ? null : trust.file(), key == null ? null : key.file(), verify);
    }

    private record Loaded(StoreFile file, KeyStore store) {
    }

    /**
     * Reads {@code <prefix>File}, {@code <prefix>Type} and the password ({@code <prefix>PasswordEnv} or
     * {@code <prefix>PasswordFile}) and loads the store.
     *
     * @param fileRequired     whether {@code <prefix>File} must be set
     * @param passwordRequired whether a password must be set along with the file
     * @return the loaded store, or {@code null} when {@code <prefix>File} is absent or a problem was recorded
     */
    private Loaded store(ConfigSection s, String prefix, boolean fileRequired, boolean passwordRequired) {
        String file = fileRequired ? s.requiredString(prefix + "File") : s.string(prefix + "File", null);
        String type = s.string(prefix + "Type", "PKCS12");
        boolean hasPassword = s.has(prefix + "PasswordEnv") || s.has(prefix + "PasswordFile");
        String password = file == null && !hasPassword ? null : password(s, prefix, passwordRequired);
        if (file == null) {
            if (hasPassword && !fileRequired) {
                s.problem(prefix + "File", "is required when a " + prefix + " password is set");
            }
            return null;
        }
        if (password == null && (passwordRequired || hasPassword)) {
            return null;
        }
        StoreFile store = new StoreFile(baseDir.resolve(file), type, password);
        try {
            return new Loaded(store, store.load());
        } catch (IOException | GeneralSecurityException e) {
            s.problem(prefix + "File", "cannot load [" + store.file() + "] of type [" + type + "]: " + e.getMessage());
            return null;
        }
    }

    private String password(ConfigSection s, String prefix, boolean required) {
        String variable = s.string(prefix + "PasswordEnv", null);
        String file = s.string(prefix + "PasswordFile", null);
        if (variable != null && file != null || required && variable == null && file == null) {
            s.problem(prefix + "PasswordEnv", "set exactly one of " + prefix + "PasswordEnv or " + prefix
                    + "PasswordFile");
            return null;
        }
        if (variable != null) {
            String value = env.get(variable);
            if (value == null) {
                s.problem(prefix + "PasswordEnv", "environment variable [" + variable + "] is not set");
            }
            return value;
        }
        if (file == null) {
            return null;
        }
        Path path = baseDir.resolve(file);
        if (!SecretFilePermissions.check(path, s, prefix + "PasswordFile")) {
            return null;
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            s.problem(prefix + "PasswordFile", "cannot read [" + file + "]: " + e.getMessage());
            return null;
        }
    }

    private static List<String> keyAliases(ConfigSection s, String key, KeyStore store) {
        List<String> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            s.problem(key, "cannot list its entries: " + e.getMessage());
        }
        return keys;
    }

    private static boolean hasCertificate(ConfigSection s, KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) != null) {
                    return true;
                }
            }
        } catch (GeneralSecurityException e) {
            s.problem("trustStoreFile", "cannot list its entries: " + e.getMessage());
        }
        return false;
    }
}
