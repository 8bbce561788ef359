package dev.limpet.samples.cart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CartTest {

    @Test
    void addsInFirstAddedOrderAndMergesQuantitiesUpToTheCap() {
        Cart cart = new Cart();
        cart.add("Tide table 2027", 2);
        cart.add("Limpet plush toy", 1);
        cart.add("Tide table 2027", 98);
        assertEquals(List.of("Tide table 2027", "Limpet plush toy"), List.copyOf(cart.items().keySet()));
        assertEquals(Map.of("Tide table 2027", Cart.MAX_QUANTITY, "Limpet plush toy", 1), cart.items());
        assertEquals(100, cart.totalQuantity());
        cart.clear();
        assertEquals(Map.of(), cart.items());
    }

    @Test
    void rejectsBadInput() {
        Cart cart = new Cart();
        assertThrows(IllegalArgumentException.class, () -> cart.add("", 1));
        assertThrows(IllegalArgumentException.class, () -> cart.add("Rock pool guide", 0));
        assertThrows(IllegalArgumentException.class, () -> cart.add("Rock pool guide", 100));
    }

    @Test
    void survivesSerializationAsASessionAttributeMust() throws Exception {
        Cart cart = new Cart();
        cart.add("Rock pool guide", 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cart);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(Map.of("Rock pool guide", 3), ((Cart) in.readObject()).items());
        }
    }

    @Test
    void pagesEscapeWhatTheyShow() {
        Cart cart = new Cart();
        cart.add("<b>&\"'", 1);
        String html = CartPage.html("node<1>", "id\"x", cart, "/cart;jsessionid=a", "bad <input>", null);
        assertEquals(-1, html.indexOf("<b>&"));
        assertEquals(true, html.contains("&lt;b&gt;&amp;&quot;&#39;"));
        assertEquals(true, html.contains("served by node&lt;1&gt;"));
        assertEquals(true, html.contains("bad &lt;input&gt;"));
        assertEquals("node=n1\nsession=s\n<b>&\"'\t1\n", CartPage.text("n1", "s", cart));
        assertEquals(true, CartPage.html("n1", "s", cart, "/cart", null, "<section>trusted</section>")
                .endsWith("<section>trusted</section></body></html>\n"), "the container's footer is kept as it is");
    }
}
