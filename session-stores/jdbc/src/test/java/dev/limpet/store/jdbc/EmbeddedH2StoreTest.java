package dev.limpet.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.VersionConflictException;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreBackendProvider;
import dev.limpet.core.store.spi.StoreOptions;
import java.sql.Connection;
import java.util.Map;
import java.util.ServiceLoader;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The embedded default, in memory, no network: found through the ServiceLoader, with a URL or a DataSource. */
class EmbeddedH2StoreTest {

    private static StoreBackend open(StoreOptions options) throws Exception {
        for (StoreBackendProvider provider : ServiceLoader.load(StoreBackendProvider.class)) {
            if (provider.supports(options.storeUri())) {
                return provider.open(options);
            }
        }
        throw new AssertionError("no provider for " + options.storeUri());
    }

    @Test
    void urlWithSchemaCreatedOnOpen() throws Exception {
        StoreOptions options = new StoreOptions("jdbc:h2:mem:embedded_url?createSchema=true&purgeIntervalSeconds=0",
                1000, null, Map.of());
        try (StoreBackend store = open(options)) {
            assertInstanceOf(JdbcStoreBackend.class, store);
            long v1 = store.put("limpet:app:abc", new byte[] {1, 2}, StoreBackend.NEW_ONLY, 60_000);
            assertArrayEquals(new byte[] {1, 2}, store.get("limpet:app:abc").orElseThrow().blob());
            assertEquals(v1 + 1, store.put("limpet:app:abc", new byte[] {3}, v1, 60_000));
            assertTrue(store.touch("limpet:app:abc", 60_000));
            store.remove("limpet:app:abc");
            assertTrue(store.get("limpet:app:abc").isEmpty());
        }
    }

    @Test
    void givenDataSourceIsDetectedAndLeftOpen() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:embedded_ds;DB_CLOSE_DELAY=-1");
        StoreOptions options = new StoreOptions("jdbc:datasource", 1000, dataSource,
                Map.of("createSchema", "true", "table", "ds_sessions", "purgeIntervalSeconds", "0"));
        try (StoreBackend store = open(options)) {
            assertEquals("h2", ((JdbcStoreBackend) store).dialectName());
            store.put("k", new byte[] {7}, StoreBackend.ANY_VERSION, 60_000);
            assertThrows(VersionConflictException.class, () -> store.put("k", new byte[] {8}, StoreBackend.NEW_ONLY, 60_000));
        }
        try (Connection c = dataSource.getConnection()) {
            assertTrue(c.isValid(1), "a given DataSource is the container's: the store does not close it");
        }
    }
}
