package dev.limpet.store.jdbc;

import dev.limpet.core.store.StoreUnavailableException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Purges expired session rows every {@code intervalSeconds} on one daemon thread: batches of {@code batchSize}
 * until a batch comes back short, at most {@value #MAX_BATCHES_PER_RUN} batches per run so that one run never
 * hogs the pool. The first run starts after a random part of the interval, so that nodes started together do not
 * sweep in step (they could: purging is safe to run concurrently, see {@link JdbcStoreBackend#purgeExpired}).
 * Failures are logged at WARNING and retried at the next run.
 */
final class ExpirySweeper implements AutoCloseable {

    /** The most batches one run deletes. */
    static final int MAX_BATCHES_PER_RUN = 20;
    private static final System.Logger LOG = System.getLogger(ExpirySweeper.class.getName());

    private final JdbcStoreBackend backend;
    private final int batchSize;
    private final ScheduledExecutorService executor;

    ExpirySweeper(JdbcStoreBackend backend, int intervalSeconds, int batchSize) {
        this.backend = backend;
        this.batchSize = batchSize;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "limpet-jdbc-expiry-sweeper");
            t.setDaemon(true);
            return t;
        });
        long intervalMillis = intervalSeconds * 1000L;
        executor.scheduleWithFixedDelay(this::sweep, ThreadLocalRandom.current().nextLong(intervalMillis) + 1,
                intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        int total = 0;
        try {
            for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
                int deleted = backend.purgeExpired(batchSize);
                total += deleted;
                if (deleted < batchSize) {
                    break;
                }
            }
        } catch (StoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "expiry sweep failed; retrying at the next run", e);
        }
        if (total > 0) {
            LOG.log(System.Logger.Level.DEBUG, "purged [{0}] expired sessions", total);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
