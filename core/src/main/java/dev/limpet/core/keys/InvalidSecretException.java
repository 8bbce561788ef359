package dev.limpet.core.keys;

/** A master secret is missing, unreadable or of the wrong size. The message never contains the secret. */
public class InvalidSecretException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public InvalidSecretException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where
     * @param cause   the I/O failure
     */
    public InvalidSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
