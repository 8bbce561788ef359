package dev.limpet.core.store;

/**
 * A save was based on a version that is no longer the stored one: another node saved in between
 * (optimistic versioning: Redis script, memcached CAS, JDBC {@code UPDATE … WHERE version = ?}).
 * The save did not happen.
 */
public class VersionConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long expectedVersion;

    /**
     * @param message         detail
     * @param expectedVersion the version the save was based on
     */
    public VersionConflictException(String message, long expectedVersion) {
        super(message);
        this.expectedVersion = expectedVersion;
    }

    /** @return the version the rejected save was based on */
    public long expectedVersion() {
        return expectedVersion;
    }
}
