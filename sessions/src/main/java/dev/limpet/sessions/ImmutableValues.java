package dev.limpet.sessions;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Attribute values whose serialized form cannot change while they are in the session, so that reading them
 * cannot be followed by an in-place change a backup would have to catch (docs/architecture.md §4, the hash stage exists
 * only for such changes). A request that read only such values, and set or removed none, skips serializing
 * and hashing the attributes; replacing one goes through {@code setAttribute}, which is always hashed.
 *
 * <p>Immutable are: {@code String}, the eight boxed primitives, {@code BigInteger} and {@code BigDecimal}
 * (exactly these classes: both may be subclassed, and a subclass may be mutable), {@code UUID},
 * {@code Instant}, {@code Duration}, {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime},
 * {@code OffsetDateTime}, {@code ZonedDateTime}, and enum constants (serialized as their name only, whatever
 * fields they have). Nothing else is: no collection or array (a {@code List.of} of Strings is immutable, but
 * a list in general is not, and an element may be mutable), no record, no application class.
 */
public final class ImmutableValues {

    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
            UUID.class, Instant.class, Duration.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
            OffsetDateTime.class, ZonedDateTime.class);

    private ImmutableValues() {
    }

    /**
     * @param value an attribute value, may be {@code null}
     * @return whether its serialized form cannot change in place ({@code null}: true, there is nothing to change)
     */
    public static boolean isImmutable(Object value) {
        return value == null || IMMUTABLE.contains(value.getClass()) || value instanceof Enum<?>;
    }
}
