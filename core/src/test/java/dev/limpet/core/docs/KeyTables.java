package dev.limpet.core.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the key tables of a Markdown page in {@code docs/} (GitHub-flavoured tables whose first column is
 * {@code key} or {@code attribute} and whose second is {@code default}) and compares them with the keys and
 * defaults a piece of code reads, so that a test can prove a page lists exactly what the code reads.
 */
public final class KeyTables {

    /**
     * A documented key.
     *
     * @param key         the key as written
     * @param defaultCell its default cell (Markdown as written)
     * @param meaning     the row's last cell
     * @param heading     the heading the table is under
     * @param table       which key table of the page, from 0
     */
    public record Row(String key, String defaultCell, String meaning, String heading, int table) {
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private KeyTables() {
    }

    /**
     * @param markdown a page, e.g. {@code ../docs/router.md}
     * @return every row of its key tables; a row naming several keys ({@code `a`, `b`} or {@code `a` / `b`})
     *         gives one row per key, with the matching part of the default cell when it has as many parts
     * @throws IOException if the page cannot be read
     */
    public static List<Row> read(Path markdown) throws IOException {
        List<Row> rows = new ArrayList<>();
        String heading = "";
        boolean inTable = false;
        int table = -1;
        for (String line : Files.readAllLines(markdown)) {
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
            }
            List<String> cells = cells(line);
            if (cells.size() < 2) {
                inTable = false;
            } else if (cells.get(1).equals("default") && List.of("key", "attribute").contains(cells.get(0))) {
                inTable = true;
                table++;
            } else if (inTable && !cells.get(0).startsWith("---")) {
                rows.addAll(rowsOf(cells, heading, table));
            }
        }
        return rows;
    }

    private static List<Row> rowsOf(List<String> cells, String heading, int table) {
        String defaultCell = cells.get(1);
        List<String> keys = new ArrayList<>();
        Matcher m = CODE.matcher(cells.get(0));
        while (m.find()) {
            keys.add(m.group(1));
        }
        String[] defaults = defaultCell.split(", | / ");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String cell = keys.size() == 1 ? defaultCell : defaults.length == keys.size() ? defaults[i] : "";
            rows.add(new Row(keys.get(i), cell, cells.get(cells.size() - 1), heading, table));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        if (!line.startsWith("|")) {
            return List.of();
        }
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1).split("(?<!\\\\)\\|")) {
            cells.add(cell.trim().replace("\\|", "|"));
        }
        return cells;
    }

    /**
     * @param defaultCell a default cell
     * @return the literal a cell starts with ({@code `1800`} gives {@code 1800}), or {@code null} when the cell
     *         describes its default in words
     */
    public static String literal(String defaultCell) {
        Matcher m = CODE.matcher(defaultCell);
        return defaultCell.startsWith("`") && m.find() ? m.group(1) : null;
    }

    /**
     * Compares documented keys with the keys code reads.
     *
     * @param documented documented keys and their default cells
     * @param read       keys the code reads and their defaults as text, {@code null} for none (required, computed
     *                   at start, or a list or mapping)
     * @return one line per difference: a key read but not documented, documented but not read, or a default the
     *         code has that the table does not show; empty when they agree
     */
    public static List<String> differences(Map<String, String> documented, Map<String, String> read) {
        List<String> differences = new ArrayList<>();
        Map<String, String> all = new TreeMap<>(documented);
        read.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            if (!documented.containsKey(key)) {
                differences.add(key + ": read by the code (default " + read.get(key) + ") but not documented");
            } else if (!read.containsKey(key)) {
                differences.add(key + ": documented but not read by the code");
            } else if (read.get(key) != null && !read.get(key).equals(literal(documented.get(key)))) {
                differences.add(key + ": the code's default is [" + read.get(key) + "], the table says ["
                        + documented.get(key) + "]");
            }
        }
        return differences;
    }
}
