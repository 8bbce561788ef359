package dev.limpet.store.memcached;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreBackendProvider;
import dev.limpet.core.store.spi.StoreOptions;
import com.google.code.yanf4j.core.impl.StandardSocketOption;
import java.io.IOException;
import java.util.List;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;

/**
 * ServiceLoader entry for {@code memcached://} URIs; see {@link MemcachedStoreConfig} for the URI format and
 * {@link MemcachedStoreBackend} for the behaviour. Opening never waits for the nodes: xmemcached connects in the
 * background (connect timeout {@code connectTimeoutMillis}) and reconnects lost nodes every
 * {@code healIntervalMillis}; until a node is connected, operations fail with {@link StoreUnavailableException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class MemcachedStoreProvider implements StoreBackendProvider {

    private static final System.Logger LOG = System.getLogger(MemcachedStoreProvider.class.getName());
    /** Socket send and receive buffer size requested per connection, bytes. */
    static final int SOCKET_BUFFER_BYTES = 1 << 20;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public MemcachedStoreProvider() {
    }

    @Override
    public boolean supports(String storeUri) {
        return storeUri != null && storeUri.startsWith(MemcachedStoreConfig.SCHEME);
    }

    /**
     * @throws StoreException if the URI or a setting is invalid (every problem listed in one message)
     * @throws StoreUnavailableException if xmemcached cannot start its connector
     */
    @Override
    public StoreBackend open(StoreOptions options) throws StoreException {
        MemcachedStoreConfig config = MemcachedStoreConfig.parse(options);
        KetamaRing ring = new KetamaRing(config.nodes());
        RingSessionLocator primaryLocator = new RingSessionLocator(ring, RingSessionLocator.Role.PRIMARY);
        MemcachedClient primary = build(config, primaryLocator, "limpet-primary");
        MemcachedClient backupClient = null;
        RingSessionLocator backupLocator = null;
        if (config.backup()) {
            backupLocator = new RingSessionLocator(ring, RingSessionLocator.Role.BACKUP);
            try {
                backupClient = build(config, backupLocator, "limpet-backup");
            } catch (StoreException e) {
                shutdownQuietly(primary);
                throw e;
            }
        }
        ReactorWakeup wakeup = new ReactorWakeup(backupClient == null ? List.of(primary)
                : List.of(primary, backupClient));
        MemcachedBackupWriter backup = new MemcachedBackupWriter(backupClient, backupLocator, config.opTimeoutMillis(),
                wakeup);
        LOG.log(System.Logger.Level.INFO, "memcached store on [{0}] nodes, backup copies [{1}], opTimeout [{2}] ms",
                config.nodes().size(), config.backup(), config.opTimeoutMillis());
        return new MemcachedStoreBackend(primary, primaryLocator, backup, CopyTags.random(), config.opTimeoutMillis(),
                wakeup);
    }

    private static MemcachedClient build(MemcachedStoreConfig config, RingSessionLocator locator, String name)
            throws StoreException {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(config.nodes());
        builder.setName(name);
        builder.setSessionLocator(locator);
        builder.setFailureMode(false);
        builder.setOpTimeout(config.opTimeoutMillis());
        builder.setConnectTimeout(config.connectTimeoutMillis());
        builder.setConnectionPoolSize(1); // put pipelines a noreply write and a gets on one connection
        builder.setEnableHealSession(true);
        builder.setHealSessionInterval(config.healIntervalMillis());
        builder.setSanitizeKeys(false);
        builder.setTranscoder(ItemTranscoder.INSTANCE);
        // xmemcached fixes the buffers at 32 KB send / 64 KB receive (which turns off the kernel's autotuning). A
        // noreply write larger than the send buffer then waits for the server's delayed ACK (40 ms on Linux), as
        // memcached sends no reply to piggyback it on; 1 MB (capped by net.core.wmem_max/rmem_max) avoids that
        // for every value the store pipelines (MemcachedStoreBackend.PIPELINE_MAX_BYTES).
        builder.setSocketOption(StandardSocketOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        builder.setSocketOption(StandardSocketOption.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        try {
            return builder.build();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot start the memcached client: " + e.getMessage(), e);
        }
    }

    private static void shutdownQuietly(MemcachedClient client) {
        try {
            client.shutdown();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the memcached client failed", e);
        }
    }
}
