package dev.limpet.it;

import dev.limpet.testsupport.TomcatProcess;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in jars as a site installs them in the real Tomcat 11 distribution: the store clients' own log lines
 * reach {@code catalina.out} (SLF4J bound to JULI inside the jar), the default jar carries no JDBC driver and
 * works with the site's driver in {@code lib/} (here through the site's own JNDI pool, Tomcat's DBCP), and
 * {@code limpet-tomcat-with-drivers.jar} works alone. Uses the PostgreSQL on 127.0.0.1:5432 with a fresh database.
 */
class DropInJarIT {

    private static final String SECRET = "drop-in-jar-it-secret-0123456789abcdef";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String DATABASE = "limpet_dropin_" + System.nanoTime();
    private static final String DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres";

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void theDefaultJarCarriesNoJdbcDriverAndTheJarWithDriversCarriesThem() throws IOException {
        try (ZipFile plain = new ZipFile(ItFiles.dropInJar().toFile());
             ZipFile withDrivers = new ZipFile(ItFiles.dropInJarWithDrivers().toFile())) {
            assertTrue(plain.getEntry("META-INF/services/java.sql.Driver") == null, "no global driver services");
            assertTrue(plain.stream().noneMatch(e -> e.getName().startsWith("org/postgresql/")
                    || e.getName().startsWith("org/mariadb/") || e.getName().startsWith("org/h2/")));
            assertTrue(plain.stream().noneMatch(e -> e.getName().startsWith("org/slf4j/")), "SLF4J is relocated");
            assertTrue(withDrivers.getEntry("org/postgresql/Driver.class") != null);
            assertTrue(new String(withDrivers.getInputStream(withDrivers.getEntry("META-INF/MANIFEST.MF"))
                    .readAllBytes()).contains("Multi-Release: true"));
            assertTrue(plain.getEntry("META-INF/THIRD-PARTY.txt") != null, "the bundled libraries' licences");
        }
    }

    @Test
    void storeClientLogsReachCatalinaOutAndTheSiteDriverServesTheSessionsThroughJndi(@TempDir Path dir)
            throws Exception {
        int nobodyListens = freePort();
        try (TomcatProcess tomcat = TomcatProcess.start(tomcat11(), dir.resolve("base"), "node1", SECRET, ItFiles.installation(), base -> {
            webapp(base, "sentinel", "<Manager className=\"dev.limpet.tomcat.LimpetSessionManager\""
                    + " storeUri=\"redis-sentinel://127.0.0.1:" + nobodyListens + "/0?master=limpet\""
                    + " secretFile=\"conf/limpet-secret\"/>");
            webapp(base, "jndi", "<Resource name=\"jdbc/sessions\" auth=\"Container\" type=\"javax.sql.DataSource\""
                    + " driverClassName=\"org.postgresql.Driver\" url=\"" + DATABASE_URL.replace("&", "&amp;") + "\""
                    + " maxTotal=\"4\"/>\n"
                    + "<Manager className=\"dev.limpet.tomcat.LimpetSessionManager\" dataSourceName=\"jdbc/sessions\""
                    + " secretFile=\"conf/limpet-secret\"/>");
        })) {
            Browser user = new Browser();
            HttpResponse<String> added = user.post(tomcat.url("/jndi/cart"), "action=add&item=Rock+pool+guide&quantity=3");
            assertTrue(added.statusCode() < 400, added.statusCode() + " " + added.body());
            String sessionId = user.cookie("JSESSIONID").orElseThrow();
            awaitRows("limpet_sessions", 1, tomcat);
            assertTrue(sessionId.endsWith(".node1"), sessionId);

            HttpResponse<String> degraded = new Browser().post(tomcat.url("/sentinel/cart"), "action=add&item=Limpet+plush+toy&quantity=1");
            assertEquals(303, degraded.statusCode(), "a store that is down degrades, the webapp serves (redirect after POST)");
            String console = awaitConsole(tomcat, "Could not get master address from 127.0.0.1:" + nobodyListens);
            assertFalse(console.contains("No SLF4J providers were found"), console);
        }
    }

    @Test
    void theJarWithDriversWorksWithoutTheSitesDrivers(@TempDir Path dir) throws Exception {
        try (TomcatProcess tomcat = TomcatProcess.start(tomcat11(), dir.resolve("base"), "node2", SECRET, ItFiles.installation(), base -> {
            try (var jars = Files.list(base.resolve("lib"))) {
                for (Path jar : (Iterable<Path>) jars::iterator) {
                    Files.delete(jar);
                }
            }
            Files.copy(ItFiles.dropInJarWithDrivers(), base.resolve("lib/limpet-tomcat-with-drivers.jar"));
            webapp(base, "direct", "<Manager className=\"dev.limpet.tomcat.LimpetSessionManager\" storeUri=\""
                    + DATABASE_URL.replace("&", "&amp;") + "&amp;table=with_drivers\" secretFile=\"conf/limpet-secret\"/>");
        })) {
            Browser user = new Browser();
            HttpResponse<String> added = user.post(tomcat.url("/direct/cart"), "action=add&item=Limpet+plush+toy&quantity=1");
            assertTrue(added.statusCode() < 400, added.statusCode() + " " + added.body());
            awaitRows("with_drivers", 1, tomcat);
        }
    }

    /** Deploys the cart webapp once more under {@code name} with its own context file (Tomcat's per-app XML). */
    private static void webapp(Path base, String name, String contextBody) throws IOException {
        Files.copy(ItFiles.cartWar(), base.resolve("webapps/" + name + ".war"));
        Path contexts = Files.createDirectories(base.resolve("conf/Catalina/localhost"));
        Files.writeString(contexts.resolve(name + ".xml"), "<Context>\n" + contextBody + "\n</Context>\n");
    }

    private static void awaitRows(String table, int rows, TomcatProcess tomcat) {
        // The table is created when the webapp's store opens: until then the count fails.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(SQLException.class).untilAsserted(() -> assertEquals(rows, count(table),
                        () -> "stored sessions in " + table + ":\n" + tomcat.console()));
    }

    private static int count(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(DATABASE_URL); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getInt(1);
        }
    }

    private static String awaitConsole(TomcatProcess tomcat, String text) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertTrue(
                tomcat.console().contains(text), () -> "catalina.out never showed [" + text + "]:\n" + tomcat.console()));
        return tomcat.console();
    }

    private static Path tomcat11() {
        List<Path> homes = ItFiles.tomcatHomes();
        return homes.get(homes.size() - 1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
