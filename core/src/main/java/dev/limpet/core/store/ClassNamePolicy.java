package dev.limpet.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides which classes session deserialization may resolve: never a {@link #GADGET_PATTERNS known gadget type}
 * (checked first, by name, so a careless allow-list cannot admit one), otherwise the JDK basics
 * ({@link #JDK_BASICS}), the configured glob patterns, the optional Tomcat-style regular expression and — when an
 * application class loader is given — every class that loader itself defines (a web application's
 * {@code WEB-INF/classes} and {@code WEB-INF/lib}: decided by the class's defining loader, not by its name, so a
 * JDK or container class reached through that loader does not pass).
 *
 * <p>Glob patterns (the syntax of {@code jdk.serialFilter}): {@code com.example.Cart} one class,
 * {@code com.example.*} the classes of one package, {@code com.example.**} a package and its sub-packages,
 * {@code com.example.Cart*} a name prefix, {@code **} everything. Arrays are judged by their component type;
 * primitive arrays and {@code Object[]} pass. Decisions are remembered per class name (the policy never
 * changes). Thread-safe.
 */
final class ClassNamePolicy {

    /** Types every session may hold: boxed primitives, strings, numbers, JDK collections, java.time. */
    static final List<String> JDK_BASICS = List.of(
            "java.lang.String", "java.lang.String$CaseInsensitiveComparator", "java.lang.Boolean",
            "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
            "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum",
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.ArrayDeque", "java.util.Vector", "java.util.Hashtable", "java.util.EnumMap",
            "java.util.EnumSet$SerializationProxy", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
            "java.util.ImmutableCollections$*", "java.util.Map$Entry", "java.util.BitSet", "java.util.Date", "java.util.Locale",
            "java.util.UUID", "java.util.Currency", "java.util.Collections$*", "java.util.CollSer",
            "java.util.Arrays$ArrayList", "java.util.concurrent.ConcurrentHashMap",
            "java.util.concurrent.ConcurrentHashMap$Segment", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.ConcurrentSkipListMap",
            "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.ConcurrentLinkedDeque", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicBoolean",
            "java.util.concurrent.locks.ReentrantLock", "java.util.concurrent.locks.ReentrantLock$*",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer",
            "java.util.concurrent.locks.AbstractOwnableSynchronizer", "java.time.**");

    /** Known deserialization gadget types and packages (ysoserial and similar); they never pass. */
    static final List<String> GADGET_PATTERNS = List.of(
            "org.apache.commons.collections.functors.**", "org.apache.commons.collections4.functors.**",
            "org.apache.commons.collections.keyvalue.TiedMapEntry", "org.apache.commons.collections4.keyvalue.TiedMapEntry",
            "org.apache.commons.collections.map.LazyMap", "org.apache.commons.collections4.map.LazyMap",
            "org.apache.commons.beanutils.BeanComparator", "org.codehaus.groovy.runtime.**",
            "org.apache.xalan.**", "com.sun.**", "sun.**", "jdk.**", "java.rmi.**", "javax.management.**",
            "javax.naming.**", "javax.script.**", "javax.swing.**", "java.beans.**", "java.lang.reflect.**",
            "java.lang.invoke.**", "java.lang.ProcessBuilder", "java.lang.Runtime", "java.net.URL",
            "java.net.InetAddress", "org.springframework.beans.factory.**", "org.springframework.aop.**",
            "org.springframework.core.SerializableTypeWrapper*", "com.mchange.v2.c3p0.**", "bsh.**", "clojure.**",
            "org.mozilla.javascript.**", "org.python.core.**", "org.hibernate.property.**", "org.hibernate.tuple.**",
            "org.hibernate.engine.spi.TypedValue", "org.jboss.interceptor.**", "org.jboss.weld.interceptor.**",
            "net.sf.json.**", "com.alibaba.fastjson.**");

    private static final Predicate<String> GADGETS = compile(GADGET_PATTERNS);
    private static final Predicate<String> BASICS = compile(JDK_BASICS);

    /** Most decisions remembered; names come only from MAC-verified streams, the bound is a safety net. */
    private static final int MAX_CACHED_DECISIONS = 4096;

    /** What the name alone says. */
    enum Verdict {
        /** A known gadget type: never. */
        GADGET,
        /** Admitted by name (JDK basics, patterns, regex), or a primitive array or {@code Object[]}. */
        ALLOWED,
        /** Not admitted by name; an application class if the application loader defines it. */
        UNLISTED
    }

    private final Predicate<String> allowed;
    private final Pattern allowedRegex;
    private final ClassLoader applicationLoader;
    private final ConcurrentHashMap<String, Verdict> verdicts = new ConcurrentHashMap<>();

    /**
     * @param allowPatterns     glob patterns, in addition to the JDK basics
     * @param allowedRegex      a regular expression the whole class name may match instead (Tomcat's
     *                          {@code sessionAttributeValueClassNameFilter}), or {@code null}
     * @param applicationLoader the loader whose own classes are admitted, or {@code null} for none
     * @throws IllegalArgumentException if a pattern is empty or malformed
     */
    ClassNamePolicy(List<String> allowPatterns, Pattern allowedRegex, ClassLoader applicationLoader) {
        this.allowed = compile(allowPatterns);
        this.allowedRegex = allowedRegex;
        this.applicationLoader = applicationLoader;
    }

    /**
     * The check before a class is loaded: {@code false} means "refuse without loading it".
     *
     * @param className a binary class name as in a serialization stream, arrays as {@code [Lfoo.Bar;}
     * @return whether a session may deserialize it, or (unlisted, with an application loader) whether it may
     *         be loaded so that {@link #allows(Class)} decides by its defining loader
     */
    boolean allows(String className) {
        Verdict verdict = verdict(className);
        return verdict == Verdict.ALLOWED || (verdict == Verdict.UNLISTED && applicationLoader != null);
    }

    /**
     * The full check of a loaded class (loaded without initialization).
     *
     * @param type a class (arrays are judged by their element type)
     * @return whether a session may deserialize it
     */
    boolean allows(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive()) {
            return true;
        }
        Verdict verdict = verdict(type.getName());
        return verdict == Verdict.ALLOWED
                || (verdict == Verdict.UNLISTED && applicationLoader != null && element.getClassLoader() == applicationLoader);
    }

    /** @return whether classes defined by an application class loader are admitted */
    boolean admitsApplicationClasses() {
        return applicationLoader != null;
    }

    /**
     * @param className a binary class name
     * @return what its name alone says
     */
    Verdict verdict(String className) {
        Verdict cached = verdicts.get(className);
        if (cached != null) {
            return cached;
        }
        Verdict verdict = decide(className);
        if (verdicts.size() < MAX_CACHED_DECISIONS) {
            verdicts.put(className, verdict);
        }
        return verdict;
    }

    private Verdict decide(String className) {
        String name = componentName(className);
        if (name == null) {
            return Verdict.ALLOWED;
        }
        if (GADGETS.test(name)) {
            return Verdict.GADGET;
        }
        return BASICS.test(name) || allowed.test(name) || (allowedRegex != null && allowedRegex.matcher(name).matches())
                ? Verdict.ALLOWED : Verdict.UNLISTED;
    }

    /** @return the class name of an array's element type; {@code null} for primitive arrays and Object[] */
    private static String componentName(String className) {
        if (!className.startsWith("[")) {
            return className;
        }
        String element = className.substring(className.lastIndexOf('[') + 1);
        if (element.startsWith("L") && element.endsWith(";")) {
            String name = element.substring(1, element.length() - 1);
            return name.equals("java.lang.Object") ? null : name;
        }
        return element.length() == 1 ? null : className;
    }

    static Predicate<String> compile(List<String> patterns) {
        List<Predicate<String>> parts = new ArrayList<>();
        for (String pattern : patterns) {
            parts.add(glob(pattern.trim()));
        }
        return name -> {
            for (Predicate<String> part : parts) {
                if (part.test(name)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Predicate<String> glob(String pattern) {
        int star = pattern.indexOf('*');
        boolean starOnlyAtEnd = star < 0 || star == pattern.length() - 1
                || (star == pattern.length() - 2 && pattern.endsWith("**"));
        if (pattern.isEmpty() || pattern.contains("/") || !starOnlyAtEnd) {
            throw new IllegalArgumentException("bad class name pattern [" + pattern + "]: '*' or '**' may only end it");
        }
        if (pattern.equals("**")) {
            return name -> true;
        }
        if (pattern.endsWith(".**")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return name -> name.startsWith(prefix);
        }
        if (pattern.endsWith(".*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return name -> name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0;
        }
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return name -> name.startsWith(prefix);
        }
        return pattern::equals;
    }
}
