package dev.limpet.router;

/** The router could not start, for example because its port is taken. The message says why and where. */
public class RouterStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, with the listen address
     * @param cause   the underlying failure
     */
    public RouterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
