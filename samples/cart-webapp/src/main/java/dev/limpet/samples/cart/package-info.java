/**
 * A small shopping-cart webapp that keeps its own {@code Serializable} cart in the HTTP session and changes
 * it in place. It knows nothing of Limpet; it is the application the demo and the tests install on every node.
 */
package dev.limpet.samples.cart;
