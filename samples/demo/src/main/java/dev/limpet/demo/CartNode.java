package dev.limpet.demo;

/** One node of the demo running the cart webapp: an embedded Tomcat ({@link EmbeddedCartNode}) or Jetty ({@link JettyCartNode}). */
public interface CartNode extends AutoCloseable {

    /** @return the node's route */
    String route();

    /** @return the HTTP port on 127.0.0.1 */
    int port();

    /** @return {@code http://127.0.0.1:<port>} */
    String url();

    /** Stops the node, as if it crashed (its sessions live on only in the store); idempotent. */
    @Override
    void close();
}
