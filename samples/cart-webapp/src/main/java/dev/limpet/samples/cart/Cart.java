package dev.limpet.samples.cart;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shopping cart: item name to quantity, in the order items were first added. Stored once in the HTTP
 * session with {@code setAttribute} and from then on changed in place, exactly like the cart of Tomcat's
 * own {@code examples} webapp — the case a session store must notice without a new {@code setAttribute}.
 *
 * <p>Thread-safe (two tabs of one user may change it at once), its serialization included: a session backup may
 * serialize the cart while another request of the same user changes it. Serializable, for session persistence.
 */
public final class Cart implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Largest quantity of one item. */
    public static final int MAX_QUANTITY = 99;

    private final Map<String, Integer> items = new LinkedHashMap<>();

    /**
     * Adds some of an item; the quantity of one item is capped at {@link #MAX_QUANTITY}.
     *
     * @param item     the item name, not empty
     * @param quantity how many, 1..{@link #MAX_QUANTITY}
     * @throws IllegalArgumentException if the item is empty or the quantity out of range
     */
    public synchronized void add(String item, int quantity) {
        if (item == null || item.isEmpty()) {
            throw new IllegalArgumentException("item must not be empty");
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity must be 1.." + MAX_QUANTITY + ": [" + quantity + "]");
        }
        items.merge(item, quantity, (a, b) -> Math.min(MAX_QUANTITY, a + b));
    }

    /** Empties the cart. */
    public synchronized void clear() {
        items.clear();
    }

    /** @return a snapshot of the items: name to quantity, in the order first added */
    public synchronized Map<String, Integer> items() {
        return new LinkedHashMap<>(items);
    }

    /** Serializes under the cart's lock, so that a concurrent change never tears the written state. */
    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
    }

    /** @return the total number of pieces in the cart */
    public synchronized int totalQuantity() {
        return items.values().stream().mapToInt(Integer::intValue).sum();
    }
}
