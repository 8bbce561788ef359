package dev.limpet.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Map;

/**
 * An {@link ObjectInputStream} that checks every class name against the filter's policy before loading it (and a
 * class admitted only as an application class, once loaded without initialization, by its defining loader),
 * loads classes through one class loader only, and refuses dynamic proxies. Not thread-safe.
 */
final class SessionObjectInputStream extends ObjectInputStream {

    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "boolean", boolean.class, "byte", byte.class, "char", char.class, "short", short.class,
            "int", int.class, "long", long.class, "float", float.class, "double", double.class, "void", void.class);

    private final ClassLoader classLoader;
    private final ClassNamePolicy policy;
    private final SessionInputFilter filter;

    SessionObjectInputStream(InputStream in, ClassLoader classLoader, SessionInputFilter filter) throws IOException {
        super(in);
        this.classLoader = classLoader;
        this.filter = filter;
        this.policy = filter.policy();
        setObjectInputFilter(filter);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        String name = desc.getName();
        Class<?> primitive = PRIMITIVES.get(name);
        if (primitive != null) {
            return primitive;
        }
        if (!policy.allows(name)) {
            throw refuse(name);
        }
        Class<?> type = Class.forName(name, false, classLoader);
        if (!policy.allows(type)) {
            throw refuse(name);
        }
        return type;
    }

    private InvalidClassException refuse(String name) {
        filter.reject("class [" + name + "]");
        return new InvalidClassException(name, "refused by the session class filter");
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
        filter.reject("dynamic proxy " + String.join(",", interfaces));
        throw new InvalidClassException("dynamic proxies are refused in sessions");
    }
}
