package dev.limpet.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.limpet.core.store.UnreadableSessionException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;

/**
 * The default of a container: the classes a web application's own class loader defines are admitted (by their
 * defining loader, not their name), other classes visible through that loader are not, gadget types never; and a
 * class that reading would refuse is reported when the session is written, once per class.
 */
class ApplicationClassesTest {

    /** A web application's class loader: defines {@link Cart} itself (child first), delegates the rest. */
    static final class WebappLoader extends ClassLoader {
        WebappLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Cart.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }

    private final WebappLoader webapp = new WebappLoader(getClass().getClassLoader());
    private final SessionSerializer container = SessionSerializer.builder().classLoader(webapp)
            .applicationClasses(true).build();

    @SuppressWarnings("unchecked")
    private Object webappCart(String item) throws Exception {
        Class<?> type = webapp.loadClass(Cart.class.getName());
        assertSame(webapp, type.getClassLoader());
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object cart = constructor.newInstance();
        var items = type.getDeclaredField("items");
        items.setAccessible(true);
        ((List<String>) items.get(cart)).add(item);
        return cart;
    }

    @Test
    void theApplicationsOwnClassesAreAdmittedByTheirDefiningLoader() throws Exception {
        Object cart = webappCart("book");
        Object read = container.deserialize(container.serialize(Map.of("cart", cart))).get("cart");
        assertSame(cart.getClass(), read.getClass());
        assertEquals(cart, read);
        assertTrue(container.isAllowed(Cart.class.getName()));
        assertTrue(container.admitsApplicationClasses());
    }

    @Test
    void aClassOnlyVisibleThroughTheApplicationLoaderIsRefused() throws Exception {
        PriorityQueue<String> queue = new PriorityQueue<>(List.of("a"));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> container.deserialize(container.serialize(Map.of("queue", queue)))).reason());
        assertFalse(container.isAllowed(PriorityQueue.class.getName()), "a JDK class outside the basics");
        assertFalse(container.isAllowed(Detonator.class.getName()), "defined by the parent, not the webapp");
        assertFalse(container.isAllowed("com.example.Missing"));
        assertFalse(container.isAllowed(BadAttributeValueExpException.class.getName()));
    }

    @Test
    void withoutApplicationClassesTheWebappsClassIsRefused() throws Exception {
        SessionSerializer namesOnly = SessionSerializer.builder().classLoader(webapp).build();
        byte[] bytes = namesOnly.serialize(Map.of("cart", webappCart("book")));
        assertEquals(Reason.REJECTED_BY_FILTER, assertThrows(UnreadableSessionException.class,
                () -> namesOnly.deserialize(bytes)).reason());
        assertFalse(namesOnly.admitsApplicationClasses());
        assertNotSame(Cart.class, webappCart("x").getClass());
    }

    @Test
    void aClassReadingWouldRefuseIsReportedWhenWrittenOncePerClass() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        SessionSerializer reporting = SessionSerializer.builder().classLoader(webapp).applicationClasses(true)
                .onRefusedClass((attribute, className, gadget) -> reports.add(attribute + " " + className + " " + gadget))
                .build();
        ArrayList<Object> nested = new ArrayList<>(List.of("ok", new PriorityQueue<>(List.of("q"))));
        reporting.serialize(Map.of("cart", webappCart("book"), "name", "Ada", "history", nested));
        assertEquals(List.of("history java.util.PriorityQueue false"), reports);
        reporting.serialize(Map.of("again", new PriorityQueue<>(List.of("q")),
                "gadget", new BadAttributeValueExpException("x"), "proxyless", new Holder[] {new Holder()}));
        assertTrue(reports.containsAll(List.of("gadget javax.management.BadAttributeValueExpException true",
                "gadget java.lang.Exception false", "proxyless " + Holder.class.getName() + " false")), reports.toString());
        assertEquals(1, reports.stream().filter(r -> r.contains("PriorityQueue")).count(), "once per class: " + reports);
    }

    /** A class of the parent loader, not the webapp's. */
    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
