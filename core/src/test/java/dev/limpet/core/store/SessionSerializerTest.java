package dev.limpet.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.UnreadableSessionException.Reason;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;

class SessionSerializerTest {

    private final SessionSerializer defaults = SessionSerializer.builder().build();

    @Test
    void jdkBasicsRoundTripWithTheDefaultAllowList() throws Exception {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", "Ada");
        attributes.put("count", 42);
        attributes.put("price", new BigDecimal("9.99"));
        attributes.put("list", new ArrayList<>(List.of(1L, 2L)));
        attributes.put("immutable", List.of("a", "b"));
        attributes.put("map", new HashMap<>(Map.of("k", 1.5d)));
        attributes.put("unmodifiable", Collections.unmodifiableSet(new TreeSet<>(Set.of("x"))));
        attributes.put("concurrent", new ConcurrentHashMap<>(Map.of("c", true)));
        attributes.put("cow", new CopyOnWriteArrayList<>(List.of('z')));
        attributes.put("when", Instant.ofEpochSecond(1_700_000_000));
        attributes.put("day", LocalDate.of(2026, 11, 21));
        attributes.put("uuid", UUID.randomUUID());
        attributes.put("ints", new int[] {1, 2});
        attributes.put("strings", new String[] {"s"});
        Map<String, Object> read = defaults.deserialize(defaults.serialize(attributes));
        assertEquals(attributes.keySet().stream().sorted().toList(), List.copyOf(read.keySet()));
        attributes.forEach((name, value) -> {
            if (value instanceof int[] ints) {
                assertArrayEquals(ints, (int[]) read.get(name));
            } else if (value instanceof String[] strings) {
                assertArrayEquals(strings, (String[]) read.get(name));
            } else {
                assertEquals(value, read.get(name), name);
            }
        });
    }

    @Test
    void equalMapsSerializeToEqualBytes() throws Exception {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("a", 1);
        first.put("b", "two");
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("b", "two");
        second.put("a", 1);
        assertArrayEquals(defaults.serialize(first), defaults.serialize(second));
        assertEquals(AttributesHash.of(defaults.serialize(first)), AttributesHash.of(defaults.serialize(second)));
    }

    @Test
    void applicationClassesNeedAnAllowPatternOrRegex() throws Exception {
        Cart cart = new Cart();
        cart.items.add("book");
        byte[] bytes = defaults.serialize(Map.of("cart", cart));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> defaults.deserialize(bytes)).reason());
        for (SessionSerializer allowing : List.of(
                SessionSerializer.builder().allow("dev.limpet.core.store.*").build(),
                SessionSerializer.builder().allow("dev.limpet.**").build(),
                SessionSerializer.builder().allow("dev.limpet.core.store.Cart").build(),
                SessionSerializer.builder().allowRegex("dev\\.limpet\\.core\\.store\\.Ca.*").build())) {
            assertEquals(cart, allowing.deserialize(bytes).get("cart"));
        }
        assertFalse(SessionSerializer.builder().allow("dev.limpet.*").build().isAllowed(Cart.class.getName()));
    }

    @Test
    void aRefusedClassIsNeverInstantiated() throws Exception {
        byte[] bytes = defaults.serialize(Map.of("boom", new Detonator()));
        int before = Detonator.READS.get();
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> defaults.deserialize(bytes)).reason());
        assertEquals(before, Detonator.READS.get());
        SessionSerializer.builder().allow("dev.limpet.core.store.Detonator").build().deserialize(bytes);
        assertEquals(before + 1, Detonator.READS.get(), "the counter works when the class is allowed");
    }

    @Test
    void gadgetTypesNeverPassEvenWithACarelessAllowList() throws Exception {
        RecordingClassLoader loader = new RecordingClassLoader(getClass().getClassLoader());
        SessionSerializer careless = SessionSerializer.builder().classLoader(loader).allow("**")
                .allowRegex(".*").build();
        byte[] bytes = careless.serialize(Map.of("gadget", new BadAttributeValueExpException("x")));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> careless.deserialize(bytes)).reason());
        assertFalse(loader.requested.contains(BadAttributeValueExpException.class.getName()),
                "the gadget class must not even be loaded: " + loader.requested);
        for (String gadget : List.of("org.apache.commons.collections.functors.InvokerTransformer",
                "org.apache.commons.collections4.functors.InstantiateTransformer", "java.rmi.server.UnicastRef",
                "sun.rmi.server.UnicastRef", "javax.management.openmbean.CompositeDataSupport",
                "com.sun.rowset.JdbcRowSetImpl", "org.codehaus.groovy.runtime.ConvertedClosure",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl", "java.net.URL",
                "[Lorg.apache.commons.collections.functors.ChainedTransformer;")) {
            assertFalse(careless.isAllowed(gadget), gadget);
        }
        assertTrue(careless.isAllowed("com.example.Anything"));
    }

    @Test
    void dynamicProxiesAreRefused() throws Exception {
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class, Serializable.class},
                new SerializableHandler());
        SessionSerializer careless = SessionSerializer.builder().allow("**").build();
        byte[] bytes = careless.serialize(Map.of("proxy", proxy));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> careless.deserialize(bytes)).reason());
    }

    @Test
    void limitsRefuseDeepLargeAndWideStreams() throws Exception {
        List<Object> deep = new ArrayList<>();
        List<Object> cursor = deep;
        for (int i = 0; i < 30; i++) {
            List<Object> next = new ArrayList<>();
            cursor.add(next);
            cursor = next;
        }
        byte[] deepBytes = defaults.serialize(Map.of("deep", deep));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> SessionSerializer.builder().limits(10, 1 << 20, 1000, 1000).build().deserialize(deepBytes)).reason());
        byte[] big = defaults.serialize(Map.of("big", new byte[5000]));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> SessionSerializer.builder().limits(10, 1 << 20, 1000, 4096).build().deserialize(big)).reason());
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> SessionSerializer.builder().limits(10, 1000, 1000, 1 << 20).build().deserialize(big)).reason());
        byte[] wide = defaults.serialize(Map.of("wide", new ArrayList<>(List.of(1001, 1002, 1003, 1004, 1005, 1006))));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> SessionSerializer.builder().limits(10, 1 << 20, 4, 1000).build().deserialize(wide)).reason());
        assertEquals(1, defaults.deserialize(deepBytes).size(), "default limits admit it");
    }

    @Test
    void missingClassesAndCorruptStreamsFailDeserialization() throws Exception {
        byte[] bytes = SessionSerializer.builder().build().serialize(Map.of("cart", new Cart()));
        SessionSerializer isolated = SessionSerializer.builder().allow("dev.limpet.**")
                .classLoader(ClassLoader.getPlatformClassLoader()).build();
        assertEquals(Reason.DESERIALIZATION_FAILED, assertThrows(UnreadableSessionException.class,
                () -> isolated.deserialize(bytes)).reason());
        byte[] truncated = java.util.Arrays.copyOf(defaults.serialize(Map.of("s", "text")), 12);
        assertEquals(Reason.DESERIALIZATION_FAILED, assertThrows(UnreadableSessionException.class,
                () -> defaults.deserialize(truncated)).reason());
    }

    @Test
    void nonSerializableValuesAreNamed() {
        NotSerializableException e = assertThrows(NotSerializableException.class,
                () -> defaults.serialize(Map.of("thread", new Object())));
        assertTrue(e.getMessage().contains("[thread]"), e.getMessage());
    }

    @Test
    void malformedPatternsAreRefused() {
        for (String bad : List.of("", "com.*.x", "com/example/X", "*.Foo")) {
            assertThrows(IllegalArgumentException.class, () -> SessionSerializer.builder().allow(bad), bad);
        }
    }

    /** Records every class name asked of it. */
    static final class RecordingClassLoader extends ClassLoader {
        final List<String> requested = new CopyOnWriteArrayList<>();

        RecordingClassLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }

    /** A serializable invocation handler, so the proxy itself can be written. */
    static final class SerializableHandler implements java.lang.reflect.InvocationHandler, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
            return null;
        }
    }
}
