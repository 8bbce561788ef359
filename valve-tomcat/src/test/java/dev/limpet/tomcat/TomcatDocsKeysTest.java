package dev.limpet.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.limpet.core.docs.KeyTables;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardManager;
import org.junit.jupiter.api.Test;

/**
 * The attribute tables of {@code docs/tomcat.md} list exactly the attributes the valve and the manager take,
 * with their defaults. The attributes are the public setters the classes declare (Tomcat sets attributes by
 * setter, by introspection: {@code IntrospectionUtils.setProperty}); a default is what the getter of a new
 * instance returns. The manager's table also lists the Tomcat attributes whose default Limpet changes
 * ({@code persistAuthentication}, by comparison with a {@link StandardManager}); any other Tomcat attribute it lists must exist with the default shown.
 */
class TomcatDocsKeysTest {

    private static final Path PAGE = Path.of("../docs/tomcat.md");

    @Test
    void theValveTableListsEveryAttributeWithItsDefault() throws Exception {
        Map<String, String> documented = table(0);
        Map<String, String> code = declaredAttributes(new BackendCookieValve());
        assertEquals(List.of(), KeyTables.differences(documented, code));
    }

    @Test
    void theManagerTableListsEveryAttributeWithItsDefault() throws Exception {
        Map<String, String> documented = table(1);
        LimpetSessionManager manager = new LimpetSessionManager();
        Map<String, String> code = declaredAttributes(manager);
        Map<String, String> tomcat = managerBaseAttributes(new StandardManager());
        managerBaseAttributes(manager).forEach((name, value) -> {
            boolean changed = tomcat.containsKey(name) && !String.valueOf(tomcat.get(name)).equals(String.valueOf(value));
            if (changed || documented.containsKey(name) && !code.containsKey(name)) {
                code.put(name, value);
            }
        });
        assertEquals(List.of(), KeyTables.differences(documented, code));
    }

    private static Map<String, String> table(int index) throws Exception {
        Map<String, String> documented = new TreeMap<>();
        KeyTables.read(PAGE).stream().filter(row -> row.table() == index)
                .forEach(row -> documented.put(row.key(), row.defaultCell()));
        return documented;
    }

    /** @return the attributes the class of {@code bean} itself declares, with the defaults of {@code bean} */
    private static Map<String, String> declaredAttributes(Object bean) throws Exception {
        Map<String, String> attributes = new TreeMap<>();
        for (Method setter : bean.getClass().getDeclaredMethods()) {
            if (isAttributeSetter(setter)) {
                attributes.put(attribute(setter), defaultOf(bean, setter));
            }
        }
        return attributes;
    }

    /** @return the attributes of Tomcat's {@link ManagerBase}, with the defaults of {@code bean} */
    private static Map<String, String> managerBaseAttributes(ManagerBase bean) throws Exception {
        Map<String, String> attributes = new TreeMap<>();
        for (Method setter : ManagerBase.class.getDeclaredMethods()) {
            if (isAttributeSetter(setter)) {
                attributes.put(attribute(setter), defaultOf(bean, setter));
            }
        }
        return attributes;
    }

    private static boolean isAttributeSetter(Method m) {
        Class<?>[] types = m.getParameterTypes();
        return Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                && m.getName().startsWith("set") && m.getName().length() > 3 && types.length == 1
                && (types[0].isPrimitive() || types[0] == String.class);
    }

    private static String attribute(Method setter) {
        return Introspector.decapitalize(setter.getName().substring(3));
    }

    private static String defaultOf(Object bean, Method setter) throws Exception {
        String name = setter.getName().substring(3);
        for (String prefix : new String[] {"get", "is"}) {
            try {
                Object value = bean.getClass().getMethod(prefix + name).invoke(bean);
                return value == null ? null : String.valueOf(value);
            } catch (NoSuchMethodException tryNext) {
                // a boolean attribute may have an is-getter
            }
        }
        return null;
    }
}
