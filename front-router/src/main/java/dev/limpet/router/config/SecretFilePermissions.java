package dev.limpet.router.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the mode of a file holding a secret (the master secret, the admin token, the key-store password) before
 * it is read, as OpenSSH does for private keys: writable by group or others is refused (whoever can write it
 * chooses the keys the router trusts); readable by group or others is logged as a warning (whoever can read it
 * can forge tokens). {@code chmod 600} the file, owned by the router's user. On a file system without POSIX
 * permissions nothing is checked. Stateless.
 */
final class SecretFilePermissions {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFilePermissions.class);

    private SecretFilePermissions() {
    }

    /**
     * @param file the secret file
     * @param s    the section the key belongs to, for the problem
     * @param key  the key that names the file, e.g. {@code secretFile}
     * @return whether the file may be read (false: a problem was recorded)
     */
    static boolean check(Path file, ConfigSection s, String key) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return true; // no POSIX modes here, or the file is missing: reading it reports that
        }
        String text = PosixFilePermissions.toString(mode);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            s.problem(key, "[" + file + "] is writable by group or others (" + text + "): whoever can write it"
                    + " chooses what the router trusts; chmod 600 it");
            return false;
        }
        if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
            LOG.warn("{}: [{}] is readable by group or others ({}); chmod 600 it", key, file, text);
        }
        return true;
    }
}
