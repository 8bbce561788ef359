package dev.limpet.tomcat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. Thread-safe. */
final class MutableClock extends Clock {

    private final AtomicLong millis;

    MutableClock(long epochSeconds) {
        this.millis = new AtomicLong(epochSeconds * 1000);
    }

    void advanceSeconds(long seconds) {
        millis.addAndGet(seconds * 1000);
    }

    long epochSeconds() {
        return millis.get() / 1000;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
