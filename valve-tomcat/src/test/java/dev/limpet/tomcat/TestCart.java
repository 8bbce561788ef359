package dev.limpet.tomcat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A cart changed in place after its one {@code setAttribute}, like Tomcat's examples cart. */
public final class TestCart implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> items = new ArrayList<>();

    synchronized void add(String item) {
        items.add(item);
    }

    synchronized List<String> items() {
        return List.copyOf(items);
    }
}
