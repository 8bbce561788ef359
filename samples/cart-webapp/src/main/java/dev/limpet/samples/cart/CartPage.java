package dev.limpet.samples.cart;

import java.util.Map;

/** Renders the cart as a plain, self-contained HTML page or as text. Stateless and thread-safe. */
final class CartPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:44em;margin:2em auto;"
            + "padding:0 1em;color:#222}header{display:flex;justify-content:space-between;align-items:baseline}"
            + ".node{font-size:1.4em;font-weight:bold;background:#e6f0ff;border-radius:.3em;padding:.2em .6em}"
            + "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4em;"
            + "text-align:left}.q{text-align:right}.problem{color:#a00;font-weight:bold}"
            + "form{margin:1em 0}small{color:#666}";

    private CartPage() {
    }

    /**
     * @param node      the node that served the page
     * @param sessionId the session id (wire form)
     * @param cart      the cart
     * @param self      the URL of the cart page, already passed through {@code encodeURL}
     * @param problem   a message about bad input, or {@code null}
     * @param footer    trusted HTML from the container to end the page with, as it is, or {@code null}
     * @return the page
     */
    static String html(String node, String sessionId, Cart cart, String self, String problem, String footer) {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Limpet cart - ").append(escape(node)).append("</title><style>").append(STYLE)
                .append("</style></head>\n<body><header><h1>Limpet cart</h1><span class=\"node\" id=\"node\">")
                .append("served by ").append(escape(node)).append("</span></header>\n")
                .append("<p><small>Session <code id=\"session\">").append(escape(sessionId))
                .append("</code></small></p>\n");
        if (problem != null) {
            page.append("<p class=\"problem\">").append(escape(problem)).append("</p>\n");
        }
        appendItems(page, cart.items());
        appendForms(page, self);
        page.append("<p><a href=\"").append(escape(self)).append("\">Reload</a> - every reload should be served by ")
                .append("the same node while it is up.</p>\n");
        if (footer != null) {
            page.append(footer);
        }
        page.append("</body></html>\n");
        return page.toString();
    }

    /**
     * @return {@code node=…}, {@code session=…}, then one {@code item<TAB>quantity} line per item
     */
    static String text(String node, String sessionId, Cart cart) {
        StringBuilder text = new StringBuilder("node=").append(node).append('\n')
                .append("session=").append(sessionId).append('\n');
        cart.items().forEach((item, quantity) -> text.append(item).append('\t').append(quantity).append('\n'));
        return text.toString();
    }

    private static void appendItems(StringBuilder page, Map<String, Integer> items) {
        if (items.isEmpty()) {
            page.append("<p id=\"empty\">Your cart is empty.</p>\n");
            return;
        }
        page.append("<table id=\"items\"><tr><th>Item</th><th class=\"q\">Quantity</th></tr>\n");
        items.forEach((item, quantity) -> page.append("<tr><td>").append(escape(item)).append("</td><td class=\"q\">")
                .append(quantity).append("</td></tr>\n"));
        page.append("</table>\n");
    }

    private static void appendForms(StringBuilder page, String self) {
        page.append("<form method=\"post\" action=\"").append(escape(self)).append("\">")
                .append("<input type=\"hidden\" name=\"action\" value=\"add\">")
                .append("<label>Item <select name=\"item\">");
        for (String item : Catalogue.ITEMS) {
            page.append("<option>").append(escape(item)).append("</option>");
        }
        page.append("</select></label> <label>Quantity <input type=\"number\" name=\"quantity\" value=\"1\" min=\"1\"")
                .append(" max=\"").append(Cart.MAX_QUANTITY).append("\"></label> <button>Add to cart</button></form>\n")
                .append("<form method=\"post\" action=\"").append(escape(self)).append("\">")
                .append("<input type=\"hidden\" name=\"action\" value=\"clear\"><button>Clear the cart</button></form>\n");
    }

    /** HTML-escapes text for element content and double-quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
