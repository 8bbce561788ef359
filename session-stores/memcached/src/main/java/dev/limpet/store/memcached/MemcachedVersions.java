package dev.limpet.store.memcached;

/**
 * What a version handed out by the memcached store means. Every version is a memcached CAS unique, so a version
 * returned by {@code put} is the one the next {@code get} returns, and a versioned put is one {@code cas}:
 * <ul>
 *   <li><b>CAS</b> (1..2^61-1): the primary copy's CAS unique, read with {@code gets}. A put with it sends
 *       {@code cas}; memcached refuses it ({@code EXISTS}, {@code NOT_FOUND}) if the entry changed or vanished.</li>
 *   <li><b>From backup</b> (bit 61 set): returned by a get that found only the backup copy (the primary node lost
 *       the entry). A put with it sends {@code add} to the primary node: it succeeds only if no other node re-created
 *       the primary copy meanwhile.</li>
 * </ul>
 * memcached's CAS uniques are a per-server 64-bit counter starting at 1; {@code memcached -C} disables them, and
 * the store then refuses to hand out versions. Stateless; all methods are pure.
 */
final class MemcachedVersions {

    /** Marks a version read from the backup copy. */
    static final long FROM_BACKUP = 1L << 61;
    private static final long PAYLOAD = FROM_BACKUP - 1;

    /** The kind of a version passed to {@code put}, and the memcached command it sends. */
    enum Kind {
        /** {@code ANY_VERSION}: {@code set}. */
        ANY("set"),
        /** {@code NEW_ONLY}: {@code add}. */
        NEW_ONLY("add"),
        /** A CAS unique: {@code cas}. */
        CAS("cas"),
        /** Read from the backup copy: {@code add}. */
        FROM_BACKUP("add");

        private final String command;

        Kind(String command) {
            this.command = command;
        }

        /** @return the memcached storage command this kind of put sends */
        String command() {
            return command;
        }
    }

    private MemcachedVersions() {
    }

    /**
     * @param casUnique a CAS unique from {@code gets}
     * @return the version that stands for it
     * @throws IllegalStateException if memcached returned no usable CAS unique (CAS disabled with {@code -C})
     */
    static long ofCas(long casUnique) {
        if (casUnique < 1 || casUnique > PAYLOAD) {
            throw new IllegalStateException("memcached returned CAS unique [" + casUnique + "]: is CAS disabled (-C)?");
        }
        return casUnique;
    }

    /**
     * @param backupCasUnique the backup copy's CAS unique
     * @return a version that makes the next put re-create the primary copy with {@code add}
     */
    static long fromBackup(long backupCasUnique) {
        return FROM_BACKUP | (backupCasUnique & PAYLOAD) | (backupCasUnique == 0 ? 1 : 0);
    }

    /**
     * @param version a version argument of {@code put}
     * @return its kind
     * @throws IllegalArgumentException if it is negative other than {@code ANY_VERSION}, or has unknown flag bits
     */
    static Kind kind(long version) {
        if (version == -1) {
            return Kind.ANY;
        }
        if (version == 0) {
            return Kind.NEW_ONLY;
        }
        if (version < 0 || version >= FROM_BACKUP << 1) {
            throw new IllegalArgumentException("not a memcached store version: [" + version + "]");
        }
        return (version & FROM_BACKUP) != 0 ? Kind.FROM_BACKUP : Kind.CAS;
    }
}
