package dev.limpet.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaInstallerTest {

    @Test
    void everyDialectShipsAnIdempotentSchemaWithTheTableSubstituted() {
        for (String dialect : List.of("postgresql", "mariadb", "h2")) {
            List<String> statements = SchemaInstaller.statements(SqlDialect.of(dialect, "app.web_sessions"));
            assertFalse(statements.isEmpty(), dialect);
            for (String sql : statements) {
                assertTrue(sql.startsWith("CREATE"), dialect + ": " + sql);
                assertTrue(sql.contains("IF NOT EXISTS"), dialect + " must be idempotent: " + sql);
                assertFalse(sql.contains("${") || sql.contains("--") || sql.endsWith(";"), sql);
                assertTrue(sql.contains("app.web_sessions") || sql.contains("web_sessions_expires_at"), sql);
            }
        }
    }

    @Test
    void indexNameIsUnqualifiedWherePostgresqlWantsIt() {
        List<String> pg = SchemaInstaller.statements(SqlDialect.of("postgresql", "app.web_sessions"));
        assertEquals("CREATE INDEX IF NOT EXISTS web_sessions_expires_at ON app.web_sessions (expires_at)", pg.get(1));
        List<String> h2 = SchemaInstaller.statements(SqlDialect.of("h2", "app.web_sessions"));
        assertEquals("CREATE INDEX IF NOT EXISTS app.web_sessions_expires_at ON app.web_sessions (expires_at)", h2.get(1));
    }
}
