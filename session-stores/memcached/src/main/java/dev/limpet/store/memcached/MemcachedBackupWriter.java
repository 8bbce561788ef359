package dev.limpet.store.memcached;

import dev.limpet.core.store.SessionIds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;

/**
 * The backup copy: every entry is also stored, under the same key, on the next node of the Ketama ring after the
 * key's configured owner (see {@link KetamaRing#backup}), tagged as the copy of the primary's version
 * ({@link CopyTags}). That is the node to which xmemcached re-routes the key
 * when its owner dies, so after a failover the primary read already finds the copy; when the owner comes back
 * empty, a primary miss falls back to reading the copy here. A second xmemcached client with its own connections
 * routes to the backup nodes.
 *
 * <p>Writes and deletes use memcached's {@code noreply} ({@code set … noreply}, {@code delete … noreply}) and cost
 * no round trip; touches, which xmemcached cannot send with {@code noreply}, run on one daemon thread with a queue
 * of 1024 (dropped when full). Nothing is sent when the backup node is the node the primary copy went to. A failed
 * backup operation is logged at DEBUG and never fails the caller: the backup is best effort. With a single node, or
 * {@code backup=false}, every method does nothing.
 *
 * <p>Thread-safe.
 */
final class MemcachedBackupWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MemcachedBackupWriter.class.getName());

    private final MemcachedClient client;
    private final RingSessionLocator locator;
    private final long opTimeoutMillis;
    private final ThreadPoolExecutor touches;
    private final ReactorWakeup wakeup;

    /**
     * @param client          the backup client (routing with {@code locator}), or {@code null} for no backups
     * @param locator         its locator ({@link RingSessionLocator.Role#BACKUP}), or {@code null}
     * @param opTimeoutMillis timeout of the operations that are waited for, milliseconds
     * @param wakeup          the backend's reactor wakeup, which covers {@code client} too
     */
    MemcachedBackupWriter(MemcachedClient client, RingSessionLocator locator, long opTimeoutMillis,
                          ReactorWakeup wakeup) {
        this.client = client;
        this.locator = locator;
        this.opTimeoutMillis = opTimeoutMillis;
        this.wakeup = wakeup;
        this.touches = client == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(1024), r -> {
                    Thread t = new Thread(r, "limpet-memcached-backup-touch");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /**
     * Reads the backup copy (one round trip), for a primary miss.
     *
     * @param key     the key
     * @param primary the node the primary read went to
     * @return the copy, or {@code null} if there is none or it cannot be read in time
     */
    GetsResponse<MemcachedItem> get(String key, InetSocketAddress primary) {
        if (!distinct(key, primary)) {
            return null;
        }
        wakeup.begin();
        try {
            return client.gets(key, opTimeoutMillis, ItemTranscoder.INSTANCE);
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "backup read of [" + SessionIds.logHint(key) + "] failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wakeup.end();
        }
        return null;
    }

    /** Stores the copy (its blob and {@linkplain CopyTags#backupOf backup tag}) with {@code noreply}. */
    void set(String key, int exptime, MemcachedItem copy, InetSocketAddress primary) {
        if (distinct(key, primary)) {
            quietly("set", key, () -> client.setWithNoReply(key, exptime, copy, ItemTranscoder.INSTANCE));
        }
    }

    /** Deletes the copy with {@code noreply}. */
    void delete(String key, InetSocketAddress primary) {
        if (distinct(key, primary)) {
            quietly("delete", key, () -> client.deleteWithNoReply(key));
        }
    }

    /** Refreshes the copy's expiry on the background thread. */
    void touchLater(String key, int exptime, InetSocketAddress primary) {
        if (distinct(key, primary)) {
            touches.execute(() -> touchNow(key, exptime, primary));
        }
    }

    /**
     * Refreshes the copy's expiry and waits (one round trip), for a primary miss.
     *
     * @return whether the copy exists
     */
    boolean touchNow(String key, int exptime, InetSocketAddress primary) {
        if (!distinct(key, primary)) {
            return false;
        }
        wakeup.begin();
        try {
            return client.touch(key, exptime, opTimeoutMillis);
        } catch (TimeoutException | MemcachedException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "backup touch of [" + SessionIds.logHint(key) + "] failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            wakeup.end();
        }
        return false;
    }

    private boolean distinct(String key, InetSocketAddress primary) {
        if (client == null) {
            return false;
        }
        InetSocketAddress node = locator.nodeFor(key);
        return node != null && !node.equals(primary);
    }

    private void quietly(String command, String key, NoReplyCall call) {
        try {
            call.call();
        } catch (MemcachedException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "backup " + command + " of [" + SessionIds.logHint(key) + "] failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        touches.shutdownNow();
        try {
            client.shutdown();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the memcached backup client failed", e);
        }
    }

    /** One xmemcached {@code noreply} call. */
    @FunctionalInterface
    private interface NoReplyCall {
        void call() throws InterruptedException, MemcachedException;
    }
}
