/**
 * The one-command demo: the router in front of three embedded Tomcat nodes running the cart sample, sharing
 * sessions through embedded H2, with a console and page buttons to stop and start nodes. A sample, not a library.
 */
package dev.limpet.demo;
