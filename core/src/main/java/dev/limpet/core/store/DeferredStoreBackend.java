package dev.limpet.core.store;

import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.core.store.spi.StoredVersion;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * A store whose server could not be reached when it was opened (a Redis Sentinel or Cluster discovery that found
 * no node, a {@code DataSource} whose dialect could not be read, a client library that connects eagerly): every
 * operation fails at once with {@link StoreUnavailableException} — callers degrade as during any outage — while one
 * background thread tries to open it again every {@code retryMillis}; once it opens, operations go to it. Only
 * {@link StoreUnavailableException} defers: a {@link StoreException} (bad URI or setting) still fails
 * {@link #openOrDefer}, and one met by a retry stops the retries (logged at ERROR).
 *
 * <p>Thread-safe. {@link #close()} stops the retries and closes the opened store.
 */
public final class DeferredStoreBackend implements StoreBackend {

    /** Opens the real backend. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @return the opened backend
         * @throws StoreException as {@link StoreProviders#open}
         */
        StoreBackend open() throws StoreException;
    }

    private static final System.Logger LOG = System.getLogger(DeferredStoreBackend.class.getName());

    private final Opener opener;
    private final String description;
    private final long retryMillis;
    private final Thread retrier;
    private volatile StoreBackend delegate;
    private volatile StoreException lastFailure;
    private boolean closed;

    /**
     * Starts the background retries (a daemon thread whose context class loader is {@code loader}).
     *
     * @param opener      opens the real backend
     * @param description the store, for messages (no credentials)
     * @param retryMillis pause between attempts, milliseconds, at least 1
     * @param firstFailure why the first attempt failed
     * @param loader      context class loader of the retry thread (the one holding the store modules)
     */
    DeferredStoreBackend(Opener opener, String description, long retryMillis, StoreException firstFailure,
                         ClassLoader loader) {
        if (retryMillis < 1) {
            throw new IllegalArgumentException("retryMillis must be at least 1");
        }
        this.opener = opener;
        this.description = description;
        this.retryMillis = retryMillis;
        this.lastFailure = firstFailure;
        this.retrier = new Thread(this::retry, "limpet-store-open-" + description);
        retrier.setDaemon(true);
        retrier.setContextClassLoader(loader);
        retrier.start();
    }

    /**
     * Opens the store named by {@code options}; if its server cannot be reached now, returns a deferred store that
     * keeps trying in the background.
     *
     * @param options     the store URI and settings
     * @param loader      where the store providers are
     * @param retryMillis pause between attempts while the server is unreachable, milliseconds
     * @return the opened store, or a deferred one
     * @throws StoreException if no provider supports the URI or the provider refuses the settings
     */
    public static StoreBackend openOrDefer(StoreOptions options, ClassLoader loader, long retryMillis)
            throws StoreException {
        try {
            return StoreProviders.open(options, loader);
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "session store [{0}] unreachable at start: serving without it and opening it again"
                    + " every [{1}] ms: {2}", options.redactedStoreUri(), retryMillis, e.getMessage());
            return new DeferredStoreBackend(() -> StoreProviders.open(options, loader), options.redactedStoreUri(),
                    retryMillis, e, loader);
        }
    }

    /** @return whether the real store is open */
    public boolean isOpen() {
        return delegate != null;
    }

    private void retry() {
        while (true) {
            try {
                Thread.sleep(retryMillis);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            try {
                StoreBackend opened = opener.open();
                synchronized (this) {
                    if (closed) {
                        opened.close();
                        return;
                    }
                    delegate = opened;
                }
                LOG.log(Level.INFO, "session store [{0}] opened", description);
                return;
            } catch (StoreUnavailableException e) {
                lastFailure = e;
                LOG.log(Level.DEBUG, "session store [{0}] still unreachable: {1}", description, e.getMessage());
            } catch (StoreException | RuntimeException e) {
                lastFailure = e instanceof StoreException s ? s : new StoreException(e.toString(), e);
                LOG.log(Level.ERROR, "session store [" + description + "] cannot be opened; no more retries", e);
                return;
            }
        }
    }

    private StoreBackend backend() throws StoreUnavailableException {
        StoreBackend current = delegate;
        if (current == null) {
            throw new StoreUnavailableException("session store [" + description + "] not opened yet (retrying every "
                    + retryMillis + " ms): " + lastFailure.getMessage(), lastFailure);
        }
        return current;
    }

    @Override
    public Optional<StoredBlob> get(String key) throws StoreUnavailableException {
        return backend().get(key);
    }

    @Override
    public Optional<StoredVersion> version(String key) throws StoreUnavailableException {
        return backend().version(key);
    }

    @Override
    public Optional<StoredVersion> version(String key, long knownVersion) throws StoreUnavailableException {
        return backend().version(key, knownVersion);
    }

    @Override
    public long put(String key, byte[] blob, long expectedVersion, long ttlMillis)
            throws VersionConflictException, StoreUnavailableException {
        return backend().put(key, blob, expectedVersion, ttlMillis);
    }

    @Override
    public boolean touch(String key, long ttlMillis) throws StoreUnavailableException {
        return backend().touch(key, ttlMillis);
    }

    @Override
    public void remove(String key) throws StoreUnavailableException {
        backend().remove(key);
    }

    /** Stops the retries and closes the real store if it was opened. Idempotent. */
    @Override
    public void close() {
        StoreBackend current;
        synchronized (this) {
            closed = true;
            current = delegate;
        }
        retrier.interrupt();
        if (current != null) {
            current.close();
        }
    }
}
