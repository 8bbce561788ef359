/**
 * Small parsers shared by every place that reads configuration — the router's YAML, the stores' URIs, the
 * container adapters' attributes: names (RFC 9110 tokens), {@code HOST:PORT}, query strings, and a secret read
 * from a file or an environment variable. Each reports a bad value by a message naming the fault, never by
 * echoing a secret. JDK only.
 */
package dev.limpet.core.config;
