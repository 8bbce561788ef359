package dev.limpet.core.token;

/** The outcome of checking an affinity token. Everything but {@link #VALID} means "no pin from this token". */
public enum TokenVerdict {
    /** Well formed, signed by a listed key, not expired. */
    VALID,
    /** Not of the token grammar (wrong field count, characters, length or version). */
    MALFORMED,
    /** Well formed but signed with a key id that is not on the key ring. */
    UNKNOWN_KEY,
    /** The MAC does not match: forged or tampered. */
    BAD_MAC,
    /** Correctly signed but past its expiry time. */
    EXPIRED
}
