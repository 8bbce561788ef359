package dev.limpet.router.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.limpet.core.config.Names;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The Bean Validation constraints of the bound configuration records beyond the standard ones. A violation's
 * message names the rule; the binding adds the key's path in front and the rejected value after it. The validators
 * are stateless and thread-safe.
 */
public final class Constraints {

    private Constraints() {
    }

    /** A whole number within {@code min..max}, in {@code unit}; {@code null} passes. */
    @Target({FIELD, TYPE_USE})
    @Retention(RUNTIME)
    @Constraint(validatedBy = WithinCheck.class)
    public @interface Within {
        /** @return the least value */
        long min();

        /** @return the greatest value */
        long max();

        /** @return the unit named in the message, e.g. {@code ms} */
        String unit();

        /** @return the message template */
        String message() default "must be a whole number from {min} to {max} ({unit})";

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** The message of a bad cookie name. */
    public static final String COOKIE_NAME = "must be a cookie name (RFC 6265 token, 1..64 characters)";
    /** The message of a bad header name. */
    public static final String HEADER_NAME = "must be a header name (RFC 9110 token, 1..64 characters)";

    /** An RFC 9110 token of 1..64 characters ({@link Names#isToken}): a cookie or header name; {@code null} passes. */
    @Target({FIELD, TYPE_USE})
    @Retention(RUNTIME)
    @Constraint(validatedBy = TokenCheck.class)
    public @interface Token {
        /** @return the message template: {@link #COOKIE_NAME} or {@link #HEADER_NAME} */
        String message();

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link Within}. */
    public static final class WithinCheck implements ConstraintValidator<Within, Number> {
        private long min;
        private long max;

        @Override
        public void initialize(Within within) {
            min = within.min();
            max = within.max();
        }

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            return value == null || value.longValue() >= min && value.longValue() <= max;
        }
    }

    /** Checks {@link Token}. */
    public static final class TokenCheck implements ConstraintValidator<Token, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Names.isToken(value);
        }
    }
}
