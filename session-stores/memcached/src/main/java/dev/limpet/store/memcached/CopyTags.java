package dev.limpet.store.memcached;

import java.security.SecureRandom;
import net.rubyeye.xmemcached.GetsResponse;

/**
 * Tags that let one store instance (one node) recognise its own writes on a server that did not issue its version.
 *
 * <p>Versions are CAS uniques, which each memcached server counts on its own, and the two copies of a write carry
 * different ones: the primary copy the unique its owner gave it (the version {@code put} returns), the backup copy
 * the unique the backup node gave it. When the owner dies, xmemcached moves the key to the backup node; when it
 * comes back empty, reads fall back to that node. Either way the node that wrote the entry holds a version the
 * server now answering never issued, and without a tag its next conditional write and its version check would take
 * its own backup copy for another node's newer write and drop the live session.
 *
 * <p>So every item carries a tag in its 32-bit memcached flags, a hash of a random <em>writer id</em> (drawn once
 * per store instance) and a version:
 * <ul>
 *   <li>a primary copy: {@link #primary()} — "written by this writer; its own CAS unique is its version";</li>
 *   <li>a backup copy: {@link #backupOf backupOf(v)} — "a copy of this writer's write at version {@code v}".</li>
 * </ul>
 * An entry {@link #copies is the write behind} version {@code v} of this writer if it is the backup copy tagged
 * with {@code v}, or a primary copy of this writer whose CAS unique is {@code v}. Another node's write carries
 * another writer id and never matches (but for a 2^-31 hash collision), so a genuinely newer write still wins.
 * Items written before tags existed have flags 0 and never match: the store then behaves as before.
 *
 * <p>Immutable and thread-safe.
 */
final class CopyTags {

    /** Flags of an untagged item (written by an earlier version of the store, or by anything else). */
    static final int UNTAGGED = 0;

    private final long writerId;

    /** @param writerId this store instance's writer id (random; see {@link #random()}) */
    CopyTags(long writerId) {
        this.writerId = writerId;
    }

    /** @return tags with a writer id drawn from {@link SecureRandom} */
    static CopyTags random() {
        return new CopyTags(new SecureRandom().nextLong());
    }

    /** @return the flags of a primary copy this writer stores */
    int primary() {
        return tag(0);
    }

    /**
     * @param version the version {@code put} returned for the primary copy (its owner's CAS unique)
     * @return the flags of the backup copy of that write
     */
    int backupOf(long version) {
        return tag(version);
    }

    /**
     * @param entry   an entry read with {@code gets} (on the key's primary node, or its backup node)
     * @param version a version this writer holds (returned by its {@code put})
     * @return whether {@code entry} is the write behind {@code version}: its backup copy, or the primary copy itself
     */
    boolean copies(GetsResponse<MemcachedItem> entry, long version) {
        int flags = entry.getValue().flags();
        return flags == backupOf(version) || flags == primary() && entry.getCas() == version;
    }

    /** @return a non-zero 31-bit hash of the writer id and {@code version} (flags sent as a positive number) */
    private int tag(long version) {
        long z = writerId + version * 0x9E3779B97F4A7C15L; // SplitMix64 step and finalizer
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        int tag = (int) (z & Integer.MAX_VALUE);
        return tag == UNTAGGED ? 1 : tag;
    }
}
