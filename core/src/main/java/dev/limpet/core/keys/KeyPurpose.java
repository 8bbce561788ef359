package dev.limpet.core.keys;

/**
 * What a derived key is used for. Each purpose gets its own key, derived from the master secret with
 * HKDF-SHA256 (RFC 5869) and the info string {@code "limpet/v1/" + label()}, so that a token signed for one
 * purpose never verifies for another (docs/architecture.md §2, Keys).
 */
public enum KeyPurpose {
    /** The backend-set {@code X-Backend} cookie. */
    BACKEND_COOKIE("backend-cookie"),
    /** The router-inserted cookie ({@code LIMPET} by default). */
    ROUTER_COOKIE("router-cookie"),
    /** The MAC of session blobs in a store. */
    SESSION_BLOB("session-blob");

    private final String label;

    KeyPurpose(String label) {
        this.label = label;
    }

    /** @return the label used in the HKDF info string, for example {@code backend-cookie} */
    public String label() {
        return label;
    }
}
