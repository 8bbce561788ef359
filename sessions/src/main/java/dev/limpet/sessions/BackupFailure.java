package dev.limpet.sessions;

/**
 * Why a session's backup did not reach the store — the causes of the manager's {@code backupFailures} counter.
 */
public enum BackupFailure {
    /** An attribute (or an object it refers to) does not serialize; the store keeps the last good copy. */
    UNSERIALIZABLE("unserializable"),
    /** The store did not answer; the backup is parked and written once it does. */
    STORE_UNAVAILABLE("storeUnavailable"),
    /** Another node wrote the session since this node loaded or wrote it; this node's copy is dropped. */
    CONFLICT("conflict"),
    /** The asynchronous backup queue was full; the backup is redone at the session's next change. */
    QUEUE_FULL("queueFull"),
    /** The store or the serializer failed in an unexpected way (a bug); see the log. */
    UNEXPECTED("unexpected");

    private final String label;

    BackupFailure(String label) {
        this.label = label;
    }

    /** @return the cause's name in JMX and logs, e.g. {@code storeUnavailable} */
    public String label() {
        return label;
    }
}
