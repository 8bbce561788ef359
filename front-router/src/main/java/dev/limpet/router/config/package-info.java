/**
 * The router's YAML configuration: read with Jackson, validated at start with every problem listed in one
 * message ({@link dev.limpet.router.config.ConfigException}). Every key, default and unit: {@code docs/router.md}.
 */
package dev.limpet.router.config;
