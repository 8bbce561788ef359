package dev.limpet.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.StoreException;
import dev.limpet.core.store.spi.StoreOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcStoreConfigTest {

    private static JdbcStoreConfig parse(String uri, Map<String, String> properties) throws StoreException {
        return JdbcStoreConfig.parse(new StoreOptions(uri, 1000, null, properties));
    }

    @Test
    void limpetParametersAreTakenOutOfTheDriverUrl() throws StoreException {
        JdbcStoreConfig config = parse("jdbc:postgresql://db:5432/app?user=app&table=web_sessions&ssl=true"
                + "&createSchema=true&purgeBatchSize=100", Map.of("table", "ignored"));
        assertEquals("jdbc:postgresql://db:5432/app?user=app&ssl=true", config.jdbcUrl());
        assertEquals("web_sessions", config.table());
        assertTrue(config.createSchema());
        assertEquals(100, config.purgeBatchSize());
        assertEquals(60, config.purgeIntervalSeconds());
        assertEquals(4, config.poolSize());
        assertEquals("postgresql", config.dialectFromUrl());
    }

    @Test
    void defaultsAndDialectsFromUrls() throws StoreException {
        JdbcStoreConfig h2 = parse("jdbc:h2:mem:sessions", Map.of());
        assertEquals("jdbc:h2:mem:sessions;DB_CLOSE_DELAY=-1", h2.jdbcUrl());
        assertEquals(JdbcStoreConfig.DEFAULT_TABLE, h2.table());
        assertTrue(h2.createSchema(), "the table is created by default");
        assertFalse(parse("jdbc:h2:mem:sessions?createSchema=false", Map.of()).createSchema());
        assertEquals("h2", h2.dialectFromUrl());
        assertEquals("mariadb", parse("jdbc:mysql://db/app", Map.of()).dialectFromUrl());
        assertEquals("mariadb", parse("jdbc:mariadb://db/app", Map.of()).dialectFromUrl());
        assertNull(parse("jdbc:datasource", Map.of()).dialectFromUrl());
        assertEquals("h2", parse("jdbc:datasource?dialect=H2", Map.of()).dialectFromUrl());
        assertEquals("app.sessions", parse("jdbc:h2:mem:x?table=app.sessions", Map.of()).table());
    }

    @Test
    void everyBadSettingIsReportedAtOnceWithoutThePassword() {
        StoreException e = assertThrows(StoreException.class, () -> parse(
                "jdbc:postgresql://db/app?password=hunter2&table=x;drop&createSchema=yes&poolSize=0&dialect=oracle",
                Map.of("purgeIntervalSeconds", "-1")));
        for (String part : List.of("table", "createSchema", "poolSize", "dialect", "purgeIntervalSeconds")) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(StoreException.class, () -> parse("memcached://x", Map.of()));
    }

    @Test
    void redactsCredentials() {
        assertEquals("jdbc:postgresql://***@db/app?user=a&password=***",
                JdbcStoreConfig.redact("jdbc:postgresql://a:b@db/app?user=a&password=secret"));
    }
}
