package dev.limpet.core.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The master secrets from which every Limpet key is derived (docs/architecture.md §2, Keys).
 *
 * <p><b>Format</b> (a file or an environment variable): one secret per line, surrounding white space
 * trimmed; empty lines and lines starting with {@code #} are ignored. Each secret is used as its UTF-8
 * bytes and must be 16 to 1024 bytes long. The <em>first</em> secret signs; all of them verify. To rotate
 * without logging anyone out: (1) append the new secret on every node and router, (2) move it to the top,
 * (3) later remove the old one.
 *
 * <p><b>Derivation</b>: for a purpose {@code P}, the key is HKDF-SHA256 (RFC 5869, empty salt) of the secret
 * with info {@code "limpet/v1/" + P.label()}, 32 bytes. The key id is the first 8 characters of the unpadded
 * base64url encoding of HKDF-SHA256 of the secret with info {@code "limpet/v1/key-id"}, 6 bytes. See
 * {@code docs/affinity-token.md}.
 *
 * <p>Secrets are never logged and never part of {@link #toString()}. Immutable and thread-safe.
 */
public final class MasterSecrets {

    /** Minimum secret length in bytes. */
    public static final int MIN_SECRET_BYTES = 16;
    /** Maximum secret length in bytes. */
    public static final int MAX_SECRET_BYTES = 1024;

    private final List<byte[]> secrets;

    private MasterSecrets(List<byte[]> secrets) {
        this.secrets = secrets;
    }

    /**
     * Parses secrets from text in the format above.
     *
     * @param text   the file or variable content
     * @param source where the text came from, for error messages only (never the secret itself)
     * @return the secrets
     * @throws InvalidSecretException if there is no secret or one is too short or too long
     */
    public static MasterSecrets parse(String text, String source) {
        List<byte[]> secrets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES || bytes.length > MAX_SECRET_BYTES) {
                problems.add("line " + (i + 1) + " is " + bytes.length + " bytes; a secret must be "
                        + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES + " bytes");
            } else {
                secrets.add(bytes);
            }
        }
        if (secrets.isEmpty() && problems.isEmpty()) {
            problems.add("no secret found (one secret per line; '#' starts a comment)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSecretException("invalid secret in " + source + ": " + String.join("; ", problems));
        }
        return new MasterSecrets(List.copyOf(secrets));
    }

    /**
     * Reads secrets from a file.
     *
     * @param file the secret file; should be readable by the service user only
     * @return the secrets
     * @throws InvalidSecretException if the file cannot be read or holds no valid secret
     */
    public static MasterSecrets fromFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), "file [" + file + "]");
        } catch (IOException e) {
            throw new InvalidSecretException("cannot read secret file [" + file + "]: " + e, e);
        }
    }

    /**
     * Reads secrets from an environment variable.
     *
     * @param variable the variable's name
     * @param env      the environment, normally {@link System#getenv()}
     * @return the secrets
     * @throws InvalidSecretException if the variable is unset or holds no valid secret
     */
    public static MasterSecrets fromEnvironment(String variable, Map<String, String> env) {
        String value = env.get(variable);
        if (value == null) {
            throw new InvalidSecretException("environment variable [" + variable + "] is not set");
        }
        return parse(value, "environment variable [" + variable + "]");
    }

    /**
     * Derives the key ring of one purpose.
     *
     * @param purpose what the keys are for
     * @return keys in secret order: the first signs
     */
    public KeyRing keyRing(KeyPurpose purpose) {
        List<DerivedKey> keys = new ArrayList<>(secrets.size());
        for (byte[] secret : secrets) {
            keys.add(new DerivedKey(keyId(secret), Hkdf.derive(secret, "limpet/v1/" + purpose.label(), 32)));
        }
        return new KeyRing(purpose, keys);
    }

    /** @return the length of the shortest listed secret, in bytes (what {@code --check} holds against 32) */
    public int shortestSecretBytes() {
        return secrets.stream().mapToInt(b -> b.length).min().orElse(0);
    }

    /** @return how many secrets are listed */
    public int size() {
        return secrets.size();
    }

    static String keyId(byte[] secret) {
        byte[] id = Hkdf.derive(secret, "limpet/v1/key-id", 6);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    @Override
    public String toString() {
        return "MasterSecrets[" + secrets.size() + " secret(s)]";
    }
}
