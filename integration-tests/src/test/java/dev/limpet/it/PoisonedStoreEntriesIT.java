package dev.limpet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.keys.KeyPurpose;
import dev.limpet.core.keys.MasterSecrets;
import dev.limpet.core.store.SessionMetadata;
import dev.limpet.core.store.SessionSerializer;
import dev.limpet.core.store.SessionStore;
import dev.limpet.core.store.StoreProviders;
import dev.limpet.core.store.spi.StoreBackend;
import dev.limpet.core.store.spi.StoreOptions;
import dev.limpet.core.store.spi.StoredBlob;
import dev.limpet.testsupport.MariaDbServerProcess;
import dev.limpet.testsupport.MemcachedServerProcess;
import dev.limpet.testsupport.PostgresServerProcess;
import dev.limpet.testsupport.RedisServerProcess;
import dev.limpet.testsupport.ServerProcess;
import dev.limpet.testsupport.TomcatProcess;
import java.io.Serializable;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poisoned entries written straight into each real store (Redis, Memcached, PostgreSQL, MariaDB) under session ids
 * that users then present to a real Tomcat 11 distribution node with the drop-in jar, the cart webapp deployed
 * once per store: a <b>forged</b> entry (sealed with a key the attacker made up), a <b>tampered</b> one (a genuine
 * user's blob with one byte flipped), a <b>replayed</b> one (a genuine user's blob, unchanged, copied under
 * another session id) and a <b>gadget</b> entry sealed with the real key whose payload holds a class named like a
 * known gadget ({@code org.apache.commons.collections.functors.*}). That class is real and loadable (a jar in
 * {@code $CATALINA_BASE/lib}) and its {@code readObject} writes a marker file: the marker never appears, so nothing
 * was deserialized. Every request is answered 200 with a fresh, empty session — never a 500, never the victim's
 * cart.
 */
class PoisonedStoreEntriesIT {

    private static final String SECRET = "poisoned-entries-it-secret-0123456789";
    private static final String PROBE = "org.apache.commons.collections.functors.LimpetProbeTransformer";

    @TempDir
    Path dir;

    @Test
    void noPoisonedEntryIsDeserializedAndEachUserGetsAFreshSession() throws Exception {
        Path home = ItFiles.tomcatHomes().stream().filter(h -> h.toString().contains("-11.")).findFirst().orElseThrow();
        Path probeClasses = compileProbe();
        proveTheProbeDetonates(probeClasses);
        Map<String, ServerProcess> servers = new LinkedHashMap<>();
        servers.put("redis", new RedisServerProcess());
        servers.put("memcached", new MemcachedServerProcess());
        servers.put("postgresql", new PostgresServerProcess());
        servers.put("mariadb", new MariaDbServerProcess());
        try {
            servers.values().forEach(ServerProcess::start);
            Map<String, String> uris = new LinkedHashMap<>();
            servers.forEach((name, server) -> uris.put(name, uri(server)));
            try (TomcatProcess node = TomcatProcess.start(home, dir.resolve("node1"), "node1", SECRET,
                    ItFiles.installation(), base -> install(base, uris, probeClasses))) {
                for (Map.Entry<String, String> store : uris.entrySet()) {
                    poisonAndPresent(node, store.getKey(), store.getValue(), probeClasses);
                }
            }
        } finally {
            servers.values().forEach(ServerProcess::close);
        }
    }

    private static String uri(ServerProcess server) {
        if (server instanceof RedisServerProcess redis) {
            return redis.uri();
        }
        if (server instanceof MemcachedServerProcess memcached) {
            return "memcached://" + memcached.address();
        }
        if (server instanceof PostgresServerProcess postgres) {
            return postgres.jdbcUrl();
        }
        return ((MariaDbServerProcess) server).jdbcUrl();
    }

    /** The cart webapp once per store ({@code /redis} …) and the probe's jar in {@code lib/}. */
    private void install(Path base, Map<String, String> uris, Path probeClasses) throws java.io.IOException {
        Path contexts = Files.createDirectories(base.resolve("conf/Catalina/localhost"));
        for (Map.Entry<String, String> store : uris.entrySet()) {
            Files.copy(ItFiles.cartWar(), base.resolve("webapps/" + store.getKey() + ".war"));
            Files.writeString(contexts.resolve(store.getKey() + ".xml"), "<Context>\n<Manager className="
                    + "\"dev.limpet.tomcat.LimpetSessionManager\" storeUri=\"" + store.getValue().replace("&", "&amp;")
                    + "\" secretFile=\"conf/limpet-secret\"/>\n</Context>\n");
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(base.resolve("lib/limpet-probe.jar")))) {
            String entry = PROBE.replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(entry));
            jar.write(Files.readAllBytes(probeClasses.resolve(entry)));
            jar.closeEntry();
        }
    }

    private void poisonAndPresent(TomcatProcess node, String name, String uri, Path probeClasses) throws Exception {
        String namespace = "localhost/" + name;
        String webapp = "/" + name;
        Browser victim = new Browser();
        assertEquals(303, victim.post(node.url(webapp + "/cart"), "action=add&item=Rock+pool+guide&quantity=3").statusCode());
        String victimId = victim.cookie("JSESSIONID").orElseThrow().split("\\.")[0];
        Path marker = dir.resolve(name + "-deserialized");
        SessionSerializer serializer = SessionSerializer.builder().build();
        try (SessionStore genuine = SessionStore.of(StoreProviders.open(StoreOptions.of(uri), getClass().getClassLoader()),
                namespace, MasterSecrets.parse(SECRET, "it").keyRing(KeyPurpose.SESSION_BLOB), serializer);
             SessionStore forger = SessionStore.open(StoreOptions.of(uri), namespace,
                     MasterSecrets.parse("a-secret-the-attacker-made-up-0123456789", "forger").keyRing(KeyPurpose.SESSION_BLOB),
                     serializer);
             StoreBackend raw = StoreProviders.open(StoreOptions.of(uri), getClass().getClassLoader())) {
            byte[] payload = serializer.serialize(Map.of("cart", probe(probeClasses, marker)));
            SessionMetadata metadata = new SessionMetadata(1, 1, 1800, "node2");
            forger.save(id('F'), metadata, payload, SessionStore.ANY_VERSION);
            genuine.save(id('G'), metadata, payload, SessionStore.ANY_VERSION);
            StoredBlob victimBlob = raw.get(genuine.key(victimId)).orElseThrow(() -> new AssertionError(
                    name + ": the victim's session was not backed up"));
            byte[] tampered = victimBlob.blob().clone();
            tampered[tampered.length - 1] ^= 1;
            raw.put(genuine.key(id('T')), tampered, StoreBackend.ANY_VERSION, 60_000);
            raw.put(genuine.key(id('R')), victimBlob.blob(), StoreBackend.ANY_VERSION, 60_000);
        }
        for (char kind : new char[] {'F', 'T', 'R', 'G'}) {
            Browser attacker = new Browser().withCookie("JSESSIONID", id(kind) + ".node2");
            HttpResponse<String> page = attacker.get(node.url(webapp + "/cart.txt"));
            String what = name + " " + Map.of('F', "forged", 'T', "tampered", 'R', "replayed", 'G', "gadget").get(kind);
            assertEquals(200, page.statusCode(), what + ": " + page.body());
            assertNotEquals(id(kind), page.body().lines().filter(l -> l.startsWith("session=")).findFirst().orElseThrow()
                    .substring(8).split("\\.")[0], what + ": a fresh session id");
            assertFalse(page.body().contains("\t"), what + ": an empty cart, not the victim's: " + page.body());
            assertFalse(Files.exists(marker), what + ": the probe was deserialized");
        }
        assertTrue(victim.get(node.url(webapp + "/cart.txt")).body().contains("Rock pool guide\t3"), name + ": the victim keeps its cart");
        String console = node.console();
        for (String reason : new String[] {"UNKNOWN_KEY", "BAD_MAC", "REJECTED_BY_FILTER"}) {
            assertTrue(console.contains("in namespace [" + namespace + "]: [" + reason + "]"),
                    name + ": the node read the poisoned entries and refused them (" + reason + "):\n" + console);
        }
    }

    /** @return a session id of 32 characters made of one letter */
    private static String id(char kind) {
        return String.valueOf(kind).repeat(32);
    }

    /** Compiles the probe: a class named like a known gadget whose deserialization writes a marker file. */
    private Path compileProbe() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("probe-src"));
        Path classes = Files.createDirectories(dir.resolve("probe-classes"));
        Path source = sources.resolve("LimpetProbeTransformer.java");
        Files.writeString(source, "package org.apache.commons.collections.functors;\n"
                + "public final class LimpetProbeTransformer implements java.io.Serializable {\n"
                + "  private static final long serialVersionUID = 1L;\n  private final String marker;\n"
                + "  public LimpetProbeTransformer(String marker) { this.marker = marker; }\n"
                + "  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {\n"
                + "    in.defaultReadObject();\n"
                + "    java.nio.file.Files.writeString(java.nio.file.Path.of(marker), \"deserialized\");\n  }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--release", "17", "-d", classes.toString(), source.toString()));
        return classes;
    }

    /** The control: deserialized without Limpet's checks, the probe does write its marker. */
    private void proveTheProbeDetonates(Path classes) throws Exception {
        Path marker = dir.resolve("control-deserialized");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(probe(classes, marker));
        }
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws ClassNotFoundException {
                return Class.forName(desc.getName(), false, loader);
            }
        }) {
            in.readObject();
        }
        assertTrue(Files.exists(marker), "the probe writes its marker when deserialized");
    }

    private static Serializable probe(Path classes, Path marker) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                PoisonedStoreEntriesIT.class.getClassLoader());
        return (Serializable) loader.loadClass(PROBE).getConstructor(String.class).newInstance(marker.toString());
    }
}
