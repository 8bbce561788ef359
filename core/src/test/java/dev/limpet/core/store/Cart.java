package dev.limpet.core.store;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An application type for serializer tests. */
final class Cart implements Serializable {

    private static final long serialVersionUID = 1L;
    final List<String> items = new ArrayList<>();

    @Override
    public boolean equals(Object o) {
        return o instanceof Cart other && items.equals(other.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(items);
    }
}
