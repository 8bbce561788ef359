package dev.limpet.samples.cart;

import java.util.List;

/** The fixed list of things the sample shop sells. Immutable. */
public final class Catalogue {

    /** Every item, in display order. */
    public static final List<String> ITEMS = List.of(
            "Limpet plush toy",
            "Tide table 2027",
            "Rock pool guide",
            "Sea glass necklace",
            "Barnacle-proof boots",
            "Lighthouse postcard set");

    private Catalogue() {
    }

    /**
     * @param item a name from a request
     * @return whether the shop sells it
     */
    public static boolean contains(String item) {
        return item != null && ITEMS.contains(item);
    }
}
