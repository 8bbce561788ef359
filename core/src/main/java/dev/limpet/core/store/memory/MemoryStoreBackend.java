package dev.limpet.core.store.memory;

import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.core.store.spi.StoredVersion;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The embedded default store ({@code memory:}): a map in this JVM, so it survives no restart and shares
 * nothing between nodes; useful for a single node and for tests. Expiry is honoured on every read; expired
 * entries are also swept every {@value #SWEEP_EVERY_PUTS} puts. Versions start at 1 and grow by one per put;
 * the version check is atomic ({@link ConcurrentHashMap#compute}). Thread-safe; never unavailable.
 */
public final class MemoryStoreBackend implements StoreBackend {

    /** How many puts between two sweeps of expired entries. */
    public static final int SWEEP_EVERY_PUTS = 1024;

    private record Entry(byte[] blob, long version, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong putsSinceSweep = new AtomicLong();
    private final LongSupplier nanoClock;

    /** A backend on {@link System#nanoTime()}. */
    public MemoryStoreBackend() {
        this(System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds (tests pass a manual one) */
    public MemoryStoreBackend(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public Optional<StoredBlob> get(String key) {
        Entry entry = live(key);
        return entry == null ? Optional.empty() : Optional.of(new StoredBlob(entry.blob().clone(), entry.version()));
    }

    @Override
    public Optional<StoredVersion> version(String key) {
        Entry entry = live(key);
        return entry == null ? Optional.empty() : Optional.of(new StoredVersion(entry.version(), entry.blob().length == 0));
    }

    @Override
    public long put(String key, byte[] blob, long expectedVersion, long ttlMillis) throws VersionConflictException {
        long now = nanoClock.getAsLong();
        Entry[] written = new Entry[1];
        entries.compute(key, (k, old) -> {
            Entry current = old == null || old.expiresAtNanos() - now <= 0 ? null : old;
            long currentVersion = current == null ? NEW_ONLY : current.version();
            if (expectedVersion != ANY_VERSION && expectedVersion != currentVersion) {
                return old;
            }
            written[0] = new Entry(blob.clone(), currentVersion + 1, now + ttlMillis * 1_000_000L);
            return written[0];
        });
        if (written[0] == null) {
            throw new VersionConflictException("stored version differs from the expected one", expectedVersion);
        }
        if (putsSinceSweep.incrementAndGet() % SWEEP_EVERY_PUTS == 0) {
            entries.values().removeIf(e -> e.expiresAtNanos() - now <= 0);
        }
        return written[0].version();
    }

    @Override
    public boolean touch(String key, long ttlMillis) {
        long now = nanoClock.getAsLong();
        Entry touched = entries.computeIfPresent(key, (k, old) -> old.expiresAtNanos() - now <= 0 ? null
                : new Entry(old.blob(), old.version(), now + ttlMillis * 1_000_000L));
        return touched != null;
    }

    @Override
    public void remove(String key) {
        entries.remove(key);
    }

    /** @return how many entries are held, expired ones not yet swept included */
    public int size() {
        return entries.size();
    }

    /** Drops every entry. Idempotent. */
    @Override
    public void close() {
        entries.clear();
    }

    private Entry live(String key) {
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAtNanos() - nanoClock.getAsLong() <= 0) {
            entries.remove(key, entry);
            return null;
        }
        return entry;
    }
}
