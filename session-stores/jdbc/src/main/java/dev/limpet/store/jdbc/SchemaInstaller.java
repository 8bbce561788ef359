package dev.limpet.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a dialect's schema file ({@code dev/limpet/store/jdbc/schema/<dialect>.sql}, shipped in the jar) with
 * the configured table name. The files use {@code CREATE … IF NOT EXISTS} only, so applying them again is a
 * no-op; operators who manage schemas themselves run the same files by hand (replacing {@code ${table}},
 * {@code ${index}} and {@code ${qualifiedIndex}}). Stateless.
 */
final class SchemaInstaller {

    private SchemaInstaller() {
    }

    /**
     * @param dialect the dialect, whose table name is substituted
     * @return the statements of its schema file, placeholders replaced, comments and blank lines removed
     */
    static List<String> statements(SqlDialect dialect) {
        String table = dialect.table();
        int dot = table.lastIndexOf('.');
        String index = table.substring(dot + 1) + "_expires_at";
        String qualifiedIndex = table.substring(0, dot + 1) + index;
        String text = read(dialect.schemaResource()).replace("${table}", table).replace("${index}", index)
                .replace("${qualifiedIndex}", qualifiedIndex);
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String code = stripComment(line);
            if (code.isBlank()) {
                continue;
            }
            current.append(code).append('\n');
            if (code.endsWith(";")) {
                statements.add(current.substring(0, current.lastIndexOf(";")).trim());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().trim());
        }
        return statements;
    }

    /**
     * Runs the schema statements, each in auto-commit mode.
     *
     * @param c       a connection
     * @param dialect the dialect
     * @throws SQLException if a statement fails (e.g. no CREATE privilege)
     */
    static void apply(Connection c, SqlDialect dialect) throws SQLException {
        try (Statement statement = c.createStatement()) {
            for (String sql : statements(dialect)) {
                statement.execute(sql);
            }
        }
    }

    private static String stripComment(String line) {
        int dash = line.indexOf("--");
        return (dash < 0 ? line : line.substring(0, dash)).stripTrailing();
    }

    private static String read(String resource) {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource [" + resource + "] is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
