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
 *       reads back the new CAS unique; 2 for blobs over 128 KB; see {@link #put} and {@link MemcachedVersions}.</li>
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
    private final long opTimeoutMillis;
    private final ReactorWakeup wakeup;

    MemcachedStoreBackend(MemcachedClient client, RingSessionLocator locator, MemcachedBackupWriter backup,
                          long opTimeoutMillis, ReactorWakeup wakeup) {
        this.client = client;
        this.locator = locator;
        this.backup = backup;
        this.opTimeoutMillis = opTimeoutMillis;
        this.wakeup = wakeup;
    }

    @Override
    public Optional<StoredBlob> get(String key) throws StoreUnavailableException {
        GetsResponse<byte[]> hit = call("gets", key, () -> client.gets(key, opTimeoutMillis, RawBytesTranscoder.INSTANCE));
        if (hit != null) {
            return Optional.of(new StoredBlob(hit.getValue(), MemcachedVersions.ofCas(hit.getCas())));
        }
        GetsResponse<byte[]> copy = backup.get(key, primaryNode(key));
        return copy == null ? Optional.empty()
                : Optional.of(new StoredBlob(copy.getValue(), MemcachedVersions.fromBackup(copy.getCas())));
    }

    /**
     * The text protocol as xmemcached speaks it has no value-less read (meta {@code mg … c} is not available), so
     * this is {@link #get}: one {@code gets}, blob included.
     */
    @Override
    public Optional<StoredVersion> version(String key) throws StoreUnavailableException {
        return get(key).map(found -> new StoredVersion(found.version(), found.blob().length == 0));
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
        // A tombstone (empty blob) waits for the reply: reading back "our bytes" cannot tell it from another tombstone.
        boolean pipelined = blob.length > 0 && blob.length <= PIPELINE_MAX_BYTES;
        GetsResponse<byte[]> after = call(kind.command(), key, () -> {
            if (!store(kind, key, exptime, blob, expectedVersion, pipelined)) {
                return null;
            }
            return client.gets(key, opTimeoutMillis, RawBytesTranscoder.INSTANCE);
        });
        if (after == null && kind == MemcachedVersions.Kind.ANY) {
            throw new StoreUnavailableException("memcached did not store [" + SessionIds.logHint(key) + "] ("
                    + blob.length + " bytes): over the server's item size limit, or deleted at once");
        }
        if (after == null || !Arrays.equals(after.getValue(), blob)) {
            throw new VersionConflictException("memcached entry [" + SessionIds.logHint(key)
                    + "] is not at the expected version", expectedVersion);
        }
        backup.set(key, exptime, blob, primaryNode(key));
        return MemcachedVersions.ofCas(after.getCas());
    }

    /** @return {@code false} if a waited-for command was refused; always {@code true} when pipelined */
    private boolean store(MemcachedVersions.Kind kind, String key, int exptime, byte[] blob, long expectedVersion,
                          boolean pipelined) throws InterruptedException, MemcachedException, TimeoutException {
        RawBytesTranscoder raw = RawBytesTranscoder.INSTANCE;
        switch (kind) {
            case ANY -> {
                if (!pipelined) {
                    return client.set(key, exptime, blob, raw, opTimeoutMillis);
                }
                client.setWithNoReply(key, exptime, blob, raw);
            }
            case NEW_ONLY, FROM_BACKUP -> {
                if (!pipelined) {
                    return client.add(key, exptime, blob, raw, opTimeoutMillis);
                }
                client.addWithNoReply(key, exptime, blob, raw);
            }
            case CAS -> {
                if (!pipelined) {
                    return client.cas(key, exptime, blob, raw, opTimeoutMillis, expectedVersion);
                }
                client.casWithNoReply(key, exptime, new GetsResponse<>(expectedVersion, blob), new ReplaceWith(blob));
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

    /** The new value of a {@code cas}: the caller's bytes, one try (xmemcached {@code CASOperation}). */
    private record ReplaceWith(byte[] blob) implements CASOperation<byte[]> {
        @Override
        public int getMaxTries() {
            return 1;
        }

        @Override
        public byte[] getNewValue(long currentCas, byte[] currentValue) {
            return blob;
        }
    }

    /** One xmemcached call. */
    @FunctionalInterface
    interface MemcachedCall<T> {
        /** @return the client's answer */
        T call() throws TimeoutException, InterruptedException, MemcachedException;
    }
}
