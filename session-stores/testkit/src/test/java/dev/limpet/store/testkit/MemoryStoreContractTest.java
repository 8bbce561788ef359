package dev.limpet.store.testkit;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.StoreProviders;
import dev.limpet.core.store.StoreUnavailableException;
import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.core.store.spi.StoredVersion;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract for the {@code memory:} store of {@code limpet-core}, found by URI through the
 * ServiceLoader like the others. A memory store is one map per {@code open}, so each test opens one and hands
 * every store and raw backend of the test a view of it: the way a server is shared by the other stores' tests.
 * It has no server to kill, so it extends {@link AbstractSessionStoreContractTest}, not
 * {@link AbstractServerStoreContractTest}.
 */
class MemoryStoreContractTest extends AbstractSessionStoreContractTest {

    private StoreBackend memory;

    @Override
    protected StoreOptions options() {
        return new StoreOptions("memory:", 500, null, Map.of());
    }

    @Override
    protected StoreBackend openBackend() throws StoreException {
        if (memory == null) {
            memory = StoreProviders.open(options(), getClass().getClassLoader());
        }
        return new SharedView(memory);
    }

    @AfterEach
    void closeMemory() {
        if (memory != null) {
            memory.close();
        }
    }

    /** One test's memory store seen by one of its stores: closing the view leaves the entries to the others. */
    private record SharedView(StoreBackend memory) implements StoreBackend {

        @Override
        public Optional<StoredBlob> get(String key) throws StoreUnavailableException {
            return memory.get(key);
        }

        @Override
        public Optional<StoredVersion> version(String key) throws StoreUnavailableException {
            return memory.version(key);
        }

        @Override
        public long put(String key, byte[] blob, long expectedVersion, long ttlMillis)
                throws VersionConflictException, StoreUnavailableException {
            return memory.put(key, blob, expectedVersion, ttlMillis);
        }

        @Override
        public boolean touch(String key, long ttlMillis) throws StoreUnavailableException {
            return memory.touch(key, ttlMillis);
        }

        @Override
        public void remove(String key) throws StoreUnavailableException {
            memory.remove(key);
        }

        @Override
        public void close() {
            // the test's memory store is closed after the test
        }
    }
}
