package dev.limpet.store.testkit;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A serializable type whose {@code readObject} counts every deserialization: the observable side effect a
 * gadget would have. The contract suite proves that refused or tampered blobs leave the count unchanged.
 */
public final class Detonator implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final AtomicInteger READS = new AtomicInteger();

    private final String charge;

    /** @param charge any text, kept to make the stream non-trivial */
    public Detonator(String charge) {
        this.charge = charge;
    }

    /** @return how many instances were deserialized in this JVM so far */
    public static int reads() {
        return READS.get();
    }

    /** @return the text given at construction */
    public String charge() {
        return charge;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        READS.incrementAndGet();
    }
}
