package dev.limpet.tomcat;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A cart changed in place after its one {@code setAttribute}, like Tomcat's examples cart. Thread-safe, its
 * serialization included: the backup of one request serializes it while a concurrent request of the same session
 * may add to it (an unguarded {@code ArrayList} then fails with {@code ConcurrentModificationException}, and the
 * backup is skipped as unserializable).
 */
public final class TestCart implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> items = new ArrayList<>();

    synchronized void add(String item) {
        items.add(item);
    }

    synchronized List<String> items() {
        return List.copyOf(items);
    }

    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
    }
}
