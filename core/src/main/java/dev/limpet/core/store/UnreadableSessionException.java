package dev.limpet.core.store;

/**
 * An entry exists for the session id but must not be used: its MAC does not verify (tampered, moved from
 * another id, unknown key), its format is unknown, or deserialization was refused by the
 * {@link java.io.ObjectInputFilter} or failed. The store has already deleted a tampered or poisoned entry
 * ({@link Reason#BAD_FORMAT}, {@link Reason#BAD_MAC}, {@link Reason#REJECTED_BY_FILTER}) and left the others for
 * a node with a newer key ring or application version; the caller treats the session as absent and counts the
 * event — never an HTTP 500.
 */
public class UnreadableSessionException extends StoreException {

    private static final long serialVersionUID = 1L;

    /** Why an entry was unreadable. */
    public enum Reason {
        /** Not a Limpet envelope, or an unsupported envelope version. */
        BAD_FORMAT,
        /** Signed with a key id that is not on the key ring. */
        UNKNOWN_KEY,
        /** The MAC does not match header, session id and payload. */
        BAD_MAC,
        /** The {@link java.io.ObjectInputFilter} rejected a class, depth, size or reference count. */
        REJECTED_BY_FILTER,
        /** Deserialization failed (missing class, incompatible class, corrupt stream). */
        DESERIALIZATION_FAILED
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message detail
     * @param cause   the underlying failure, or {@code null}
     */
    public UnreadableSessionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return why the entry was unreadable */
    public Reason reason() {
        return reason;
    }
}
