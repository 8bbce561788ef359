package dev.limpet.sessions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serial;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ImmutableValuesTest {

    @Test
    void jdkValueTypesAndEnumsAreImmutable() {
        for (Object value : new Object[] {null, "ada", 42, 42L, (short) 4, (byte) 4, 'c', true, 1.5f, 2.5d,
                new BigDecimal("9.99"), BigInteger.TEN, UUID.randomUUID(), Instant.EPOCH, LocalDate.of(2026, 11, 21),
                TimeUnit.SECONDS, Constant.WITH_BODY}) {
            assertTrue(ImmutableValues.isImmutable(value), () -> String.valueOf(value));
        }
    }

    @Test
    void containersAreNotImmutableWhateverTheyHold() {
        List<StringBuilder> nested = List.of(new StringBuilder("mutable inside an immutable list"));
        for (Object value : new Object[] {List.of("a"), nested, Collections.unmodifiableList(new ArrayList<>()),
                new ArrayList<>(List.of("a")), Map.of("k", "v"), new String[] {"a"}, new int[] {1},
                Optional.of("a"), new AtomicInteger(), new StringBuilder(), new Object(), new Point(1, 2)}) {
            assertFalse(ImmutableValues.isImmutable(value), () -> value.getClass().getName());
        }
    }

    @Test
    void subclassesOfNonFinalValueTypesAreNotImmutable() {
        assertFalse(ImmutableValues.isImmutable(new CountingInteger()), "a BigInteger subclass may be mutable");
    }

    /** A record: shallowly immutable, but its components need not be. */
    record Point(int x, int y) {
    }

    enum Constant {
        WITH_BODY {
            @Override
            int value() {
                return 1;
            }
        };

        abstract int value();
    }

    /** A BigInteger with mutable state, serialized with it. */
    static final class CountingInteger extends BigInteger {
        @Serial
        private static final long serialVersionUID = 1L;
        private int reads;

        CountingInteger() {
            super("1");
        }

        @Override
        public int intValue() {
            return super.intValue() + reads++ * 0;
        }
    }
}
