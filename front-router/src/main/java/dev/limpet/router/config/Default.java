package dev.limpet.router.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The default of a configuration key, on the record component that binds it: a string key's default is its text as
 * written ({@code limpet:pin:}); any other is written as YAML ({@code 2000},
 * {@code Lax}, {@code [connect-failure, idempotent]}, {@code {}} for a section every key of which has a default) and
 * bound in place of an absent or {@code null} value. The one place a default is declared; {@code docs/router.md}
 * is checked against it ({@code RouterDocsKeysTest}). A key without one is required or absent ({@code null}).
 */
@Documented
@Retention(RUNTIME)
@Target(FIELD)
public @interface Default {
    /** @return the default, as YAML */
    String value();
}
