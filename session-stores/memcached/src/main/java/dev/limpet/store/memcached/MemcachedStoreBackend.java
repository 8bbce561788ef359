package dev.limpet.store.memcached;

import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.core.store.spi.StoredVersion;
import dev.limpet.core.store.SessionIds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.CASOperation;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;

/**
 * Memcached backend: Ketama consistent hashing over several nodes, versions from memcached CAS, expiry from
 * {@code exptime} and {@code touch}, and a backup copy of every entry on a second node (see
 * {@link MemcachedBackupWriter}). Round trips to the primary node, per operation:
 * <ul>
 *   <li>{@code get}: 1 ({@code gets}); on a miss, 1 more to the backup node.</li>
 *   <li>{@code put}: 1 — {@code set} ({@code ANY_VERSION}), {@code add} ({@code NEW_ONLY}, or a version read from
 *       the backup), or {@code cas} (a version), sent {@code noreply} with a {@code gets} pipelined behind it that
 *       reads back the new CAS unique; 2 for blobs over 128 KB; see {@link #put} and {@link MemcachedVersions}.
 *       A {@code cas} refused although the entry is this store instance's own write under another server's CAS
 *       unique ({@link CopyTags}: the key moved to its backup copy, or back to an owner restarted empty) is made
 *       again against that entry: 1 or 3 round trips more.</li>
 *   <li>{@code version}: as {@code get} (the value comes along).</li>
 *   <li>{@code touch}: 1 ({@code touch}); on a miss, 1 more to the backup node.</li>
 *   <li>{@code remove}: 1 ({@code delete}).</li>
 * </ul>
 * Backup writes, deletes and touches are never waited for.
 *
 * <p>Thread-safe. Every call returns or fails within the operation timeout (xmemcached {@code opTimeout});
 * with no node connected it fails at once with {@link StoreUnavailableException}. Waited-for calls run under a
 * {@link ReactorWakeup}, which keeps xmemcached's reactor from leaving a command unsent for a whole second.
 */
public final class MemcachedStoreBackend implements StoreBackend {

    private static final System.Logger LOG = System.getLogger(MemcachedStoreBackend.class.getName());
    /** The largest blob a put pipelines (noreply write + {@code gets} in one round trip), bytes. */
    static final int PIPELINE_MAX_BYTES = 128 * 1024;

    private final MemcachedClient client;
    private final RingSessionLocator locator;
    private final MemcachedBackupWriter backup;
    private final CopyTags tags;
    private final long opTimeoutMillis;
    private final ReactorWakeup wakeup;

    MemcachedStoreBackend(MemcachedClient client, RingSessionLocator locator, MemcachedBackupWriter backup,
                          CopyTags tags, long opTimeoutMillis, ReactorWakeup wakeup) {
        this.client = client;
        this.locator = locator;
        this.backup = backup;
        this.tags = tags;
        this.opTimeoutMillis = opTimeoutMillis;
        this.wakeup = wakeup;
    }

    @Override
    public Optional<StoredBlob> get(String key) throws StoreUnavailableException {
        GetsResponse<MemcachedItem> hit = gets(key);
        if (hit != null) {
            return Optional.of(new StoredBlob(hit.getValue().value(), MemcachedVersions.ofCas(hit.getCas())));
        }
        GetsResponse<MemcachedItem> copy = backup.get(key, primaryNode(key));
        return copy == null ? Optional.empty()
                : Optional.of(new StoredBlob(copy.getValue().value(), MemcachedVersions.fromBackup(copy.getCas())));
    }

    /**
     * The text protocol as xmemcached speaks it has no value-less read (meta {@code mg … c} is not available), so
     * this is {@link #get}: one {@code gets}, blob included.
     */
    @Override
    public Optional<StoredVersion> version(String key) throws StoreUnavailableException {
        return version(key, StoreBackend.NEW_ONLY);
    }

    /**
     * As {@link #version(String)}; reports {@code knownVersion} when the entry found is this store instance's write
     * at that version under another server's CAS unique ({@link CopyTags#copies}): its backup copy on the node the
     * key moved to after its owner died, or — the owner back empty — its copy on the backup node.
     */
    @Override
    public Optional<StoredVersion> version(String key, long knownVersion) throws StoreUnavailableException {
        GetsResponse<MemcachedItem> hit = gets(key);
        if (hit != null) {
            return Optional.of(versionOf(hit, knownVersion, MemcachedVersions.ofCas(hit.getCas())));
        }
        GetsResponse<MemcachedItem> copy = backup.get(key, primaryNode(key));
        return copy == null ? Optional.empty()
                : Optional.of(versionOf(copy, knownVersion, MemcachedVersions.fromBackup(copy.getCas())));
    }

    private StoredVersion versionOf(GetsResponse<MemcachedItem> entry, long knownVersion, long version) {
        boolean mine = knownVersion > 0 && version != knownVersion && tags.copies(entry, knownVersion);
        return new StoredVersion(mine ? knownVersion : version, entry.getValue().value().length == 0);
    }

    /**
     * Sends the storage command with {@code noreply} and, pipelined behind it on the same connection, a
     * {@code gets}: one round trip. memcached handles a connection's commands in order, so the {@code gets} sees
     * the result of the write: our bytes (stored; its CAS unique is the new version) or not (refused: conflict).
     * Blobs over {@value #PIPELINE_MAX_BYTES} bytes, which might not fit the socket's send buffer at once, wait for
     * the storage command's reply before the {@code gets}: two round trips.
     *
     * @throws VersionConflictException  if the entry is not at {@code expectedVersion}, exists for
     *                                   {@code NEW_ONLY}, or another node wrote between the two commands
     * @throws StoreUnavailableException if the server cannot be reached in time, or an unconditional write was
     *                                   not stored (larger than the server's item size limit, {@code -I})
     */
    @Override
    public long put(String key, byte[] blob, long expectedVersion, long ttlMillis)
            throws VersionConflictException, StoreUnavailableException {
        int exptime = MemcachedExpiry.exptime(ttlMillis, System.currentTimeMillis());
        MemcachedVersions.Kind kind = MemcachedVersions.kind(expectedVersion);
        MemcachedItem item = new MemcachedItem(blob, tags.primary());
        GetsResponse<MemcachedItem> after = storeAndRead(kind, key, exptime, item, expectedVersion);
        if (after == null && kind == MemcachedVersions.Kind.ANY) {
            throw new StoreUnavailableException("memcached did not store [" + SessionIds.logHint(key) + "] ("
                    + blob.length + " bytes): over the server's item size limit, or deleted at once");
        }
        if (!isOurs(after, blob) && kind == MemcachedVersions.Kind.CAS) {
            after = retryOnOwnCopy(key, exptime, item, expectedVersion, after);
        }
        if (!isOurs(after, blob)) {
            throw new VersionConflictException("memcached entry [" + SessionIds.logHint(key)
                    + "] is not at the expected version", expectedVersion);
        }
        long version = MemcachedVersions.ofCas(after.getCas());
        backup.set(key, exptime, new MemcachedItem(blob, tags.backupOf(version)), primaryNode(key));
        return version;
    }

    /**
     * A {@code cas} with {@code expectedVersion} was refused, but the entry may be this store instance's own write at
     * that version under another server's CAS unique: xmemcached moved the key to the backup node, which holds the
     * backup copy (its owner died; the refused write may have been in flight then), or the owner came back empty and
     * the write is on the backup node only. Then the write is made against that copy — {@code cas} with its unique,
     * or {@code add} to the empty owner — so that it still fails if another node writes in between. One round trip
     * more (the copy on the primary node), or three (the owner back empty), only after a refusal.
     *
     * @param refused what the {@code gets} behind the refused write read on the primary node; {@code null} if
     *                nothing, or if the write was waited for (then it is read now)
     * @return the entry after the second write; {@code null} if the entry is not this writer's write (a conflict:
     *         it must not be compared with the caller's bytes, which may equal another writer's)
     */
    private GetsResponse<MemcachedItem> retryOnOwnCopy(String key, int exptime, MemcachedItem item,
                                                       long expectedVersion, GetsResponse<MemcachedItem> refused)
            throws StoreUnavailableException {
        GetsResponse<MemcachedItem> current = refused != null ? refused : gets(key);
        if (current != null) {
            return tags.copies(current, expectedVersion)
                    ? storeAndRead(MemcachedVersions.Kind.CAS, key, exptime, item, current.getCas()) : null;
        }
        GetsResponse<MemcachedItem> copy = backup.get(key, primaryNode(key));
        return copy != null && tags.copies(copy, expectedVersion)
                ? storeAndRead(MemcachedVersions.Kind.NEW_ONLY, key, exptime, item, StoreBackend.NEW_ONLY) : null;
    }

    /**
     * Sends the storage command and reads the entry back ({@code gets}): pipelined in one round trip, or (a tombstone,
     * a blob over {@value #PIPELINE_MAX_BYTES} bytes) after the command's reply.
     *
     * @return the entry after the write; {@code null} if a waited-for command was refused or nothing is stored
     */
    private GetsResponse<MemcachedItem> storeAndRead(MemcachedVersions.Kind kind, String key, int exptime,
                                                     MemcachedItem item, long expectedVersion)
            throws StoreUnavailableException {
        // A tombstone (empty blob) waits for the reply: reading back "our bytes" cannot tell it from another tombstone.
        boolean pipelined = item.value().length > 0 && item.value().length <= PIPELINE_MAX_BYTES;
        return call(kind.command(), key, () -> {
            if (!store(kind, key, exptime, item, expectedVersion, pipelined)) {
                return null;
            }
            return client.gets(key, opTimeoutMillis, ItemTranscoder.INSTANCE);
        });
    }

    private static boolean isOurs(GetsResponse<MemcachedItem> after, byte[] blob) {
        return after != null && Arrays.equals(after.getValue().value(), blob);
    }

    /** @return {@code false} if a waited-for command was refused; always {@code true} when pipelined */
    private boolean store(MemcachedVersions.Kind kind, String key, int exptime, MemcachedItem item,
                          long expectedVersion, boolean pipelined)
            throws InterruptedException, MemcachedException, TimeoutException {
        ItemTranscoder tc = ItemTranscoder.INSTANCE;
        switch (kind) {
            case ANY -> {
                if (!pipelined) {
                    return client.set(key, exptime, item, tc, opTimeoutMillis);
                }
                client.setWithNoReply(key, exptime, item, tc);
            }
            case NEW_ONLY, FROM_BACKUP -> {
                if (!pipelined) {
                    return client.add(key, exptime, item, tc, opTimeoutMillis);
                }
                client.addWithNoReply(key, exptime, item, tc);
            }
            case CAS -> {
                if (!pipelined) {
                    return client.cas(key, exptime, item, tc, opTimeoutMillis, expectedVersion);
                }
                client.casWithNoReply(key, exptime, new GetsResponse<>(expectedVersion, item), new ReplaceWith(item));
            }
        }
        return true;
    }

    @Override
    public boolean touch(String key, long ttlMillis) throws StoreUnavailableException {
        int exptime = MemcachedExpiry.exptime(ttlMillis, System.currentTimeMillis());
        boolean hit = call("touch", key, () -> client.touch(key, exptime, opTimeoutMillis));
        InetSocketAddress primary = primaryNode(key);
        if (hit) {
            backup.touchLater(key, exptime, primary);
            return true;
        }
        return backup.touchNow(key, exptime, primary);
    }

    @Override
    public void remove(String key) throws StoreUnavailableException {
        call("delete", key, () -> client.delete(key, opTimeoutMillis));
        backup.delete(key, primaryNode(key));
    }

    @Override
    public void close() {
        wakeup.close();
        backup.close();
        try {
            client.shutdown();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the memcached client failed", e);
        }
    }

    /** @return the primary client, for tests */
    MemcachedClient primaryClient() {
        return client;
    }

    private GetsResponse<MemcachedItem> gets(String key) throws StoreUnavailableException {
        return call("gets", key, () -> client.gets(key, opTimeoutMillis, ItemTranscoder.INSTANCE));
    }

    private InetSocketAddress primaryNode(String key) {
        return locator.nodeFor(key);
    }

    private <T> T call(String command, String key, MemcachedCall<T> call) throws StoreUnavailableException {
        wakeup.begin();
        try {
            return call.call();
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("memcached " + command + " [" + SessionIds.logHint(key)
                    + "] timed out after [" + opTimeoutMillis + "] ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("memcached " + command + " interrupted", e);
        } catch (MemcachedException | RuntimeException e) {
            throw new StoreUnavailableException("memcached " + command + " [" + SessionIds.logHint(key)
                    + "] failed: " + e.getMessage(), e);
        } finally {
            wakeup.end();
        }
    }

    /** The new value of a {@code cas}: the caller's item, one try (xmemcached {@code CASOperation}). */
    private record ReplaceWith(MemcachedItem item) implements CASOperation<MemcachedItem> {
        @Override
        public int getMaxTries() {
            return 1;
        }

        @Override
        public MemcachedItem getNewValue(long currentCas, MemcachedItem currentValue) {
            return item;
        }
    }

    /** One xmemcached call. */
    @FunctionalInterface
    interface MemcachedCall<T> {
        /** @return the client's answer */
        T call() throws TimeoutException, InterruptedException, MemcachedException;
    }
}
