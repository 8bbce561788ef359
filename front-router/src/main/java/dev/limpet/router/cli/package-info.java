/**
 * The command line of the executable router jar ({@code java -jar limpet-router.jar --config limpet.yaml},
 * {@code --check}), built with picocli.
 */
package dev.limpet.router.cli;
