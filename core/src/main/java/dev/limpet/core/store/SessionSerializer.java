package dev.limpet.core.store;

import dev.limpet.core.store.UnreadableSessionException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Java serialization of a session's attribute map, read back only with a given class loader and an
 * {@link java.io.ObjectInputFilter}.
 *
 * <p><b>Format</b>: one {@link ObjectOutputStream} stream holding the attribute count ({@code int}), then for
 * each attribute in name order its name ({@code writeUTF}) and value ({@code writeObject}). Name order makes
 * equal maps serialize to equal bytes, which {@link AttributesHash} relies on.
 *
 * <p><b>Writing</b>: {@link #serializeUnlessUnchanged} hashes the bytes where they were written and copies
 * them out only when they differ from a known state. With a {@link Builder#onRefusedClass listener}, every class
 * written is checked against the reading policy and a class that reading would refuse is reported then, once.
 *
 * <p><b>Reading</b>: every class name is checked before its class is loaded (the {@link ClassNamePolicy
 * policy}: known gadget types never, then JDK basics, the allow patterns and the optional regex, and — with
 * {@link Builder#applicationClasses} — a class the configured class loader defines itself, told by its
 * defining loader once loaded without initialization), classes are resolved through the configured class
 * loader only, dynamic proxies are refused, and the stream is limited
 * in depth, bytes, references and array length. The JVM-wide {@code jdk.serialFilter}, if set, must not
 * reject either. Defaults: maxDepth {@value #DEFAULT_MAX_DEPTH}, maxBytes {@value #DEFAULT_MAX_BYTES},
 * maxReferences {@value #DEFAULT_MAX_REFERENCES}, maxArrayLength {@value #DEFAULT_MAX_ARRAY_LENGTH}.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}.
 */
public final class SessionSerializer {

    /** Default largest object graph depth. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Default largest stream, bytes (16 MiB). */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;
    /** Default largest number of object references in one stream. */
    public static final long DEFAULT_MAX_REFERENCES = 200_000;
    /** Default largest array length. */
    public static final long DEFAULT_MAX_ARRAY_LENGTH = 16L << 20;

    private final ClassLoader classLoader;
    private final ClassNamePolicy policy;
    private final SessionInputFilter.Limits limits;
    private final RefusedClassListener refusedClassListener;
    private final ClassCheckingOutputStream.Reported reported = new ClassCheckingOutputStream.Reported();

    private SessionSerializer(Builder builder) {
        this.classLoader = builder.classLoader;
        this.policy = new ClassNamePolicy(builder.allowPatterns, builder.allowedRegex,
                builder.applicationClasses ? builder.classLoader : null);
        this.refusedClassListener = builder.refusedClassListener;
        this.limits = new SessionInputFilter.Limits(builder.maxDepth, builder.maxBytes, builder.maxReferences,
                builder.maxArrayLength);
    }

    /** @return a builder with the defaults, the JDK basics allowed and this class's class loader */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the class loader classes are resolved through (the webapp's, in a container) */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * @param className a binary class name, arrays as {@code [Lfoo.Bar;}
     * @return whether deserialization may resolve it (limits not considered): by name, and for a class admitted
     *         only as an application class, by its defining loader (it is loaded, not initialized, to tell;
     *         {@code false} if it cannot be loaded)
     */
    public boolean isAllowed(String className) {
        if (policy.verdict(className) != ClassNamePolicy.Verdict.UNLISTED) {
            return policy.allows(className);
        }
        try {
            return policy.allows(className) && policy.allows(Class.forName(className, false, classLoader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @return whether the classes the {@linkplain #classLoader() class loader} defines itself are admitted */
    public boolean admitsApplicationClasses() {
        return policy.admitsApplicationClasses();
    }

    /**
     * Serializes attributes in the format above.
     *
     * @param attributes attribute names to values; names must not be {@code null}, values must be
     *                   {@link Serializable} and not {@code null}. A {@link SortedMap} in natural order is
     *                   written as it is; any other map is sorted first
     * @return the bytes
     * @throws NotSerializableException if a value is not serializable; the message names the attribute
     * @throws IOException              if a value's {@code writeObject} fails
     */
    public byte[] serialize(Map<String, ?> attributes) throws IOException {
        HashableBytes buffer = new HashableBytes();
        write(attributes, buffer);
        return buffer.toByteArray();
    }

    /**
     * Serializes and hashes attributes, keeping the bytes only when they differ from a known state: the check
     * that decides whether a session needs writing.
     *
     * @param attributes as for {@link #serialize}
     * @param known      the hash of a state the caller already has (e.g. the stored copy's), or {@code null}
     * @return {@code null} if the attributes hash to {@code known}; otherwise their bytes and hash
     * @throws NotSerializableException if a value is not serializable; the message names the attribute
     * @throws IOException              if a value's {@code writeObject} fails
     */
    public Serialized serializeUnlessUnchanged(Map<String, ?> attributes, AttributesHash known) throws IOException {
        HashableBytes buffer = new HashableBytes();
        write(attributes, buffer);
        AttributesHash hash = buffer.hash();
        return hash.equals(known) ? null : new Serialized(buffer.toByteArray(), hash);
    }

    /** A byte sink whose content can be hashed without copying it. */
    private static final class HashableBytes extends ByteArrayOutputStream {
        HashableBytes() {
            super(1024);
        }

        AttributesHash hash() {
            return AttributesHash.of(buf, 0, count);
        }
    }

    private void write(Map<String, ?> attributes, HashableBytes buffer) throws IOException {
        Map<String, ?> sorted = attributes instanceof SortedMap<String, ?> sortedMap && sortedMap.comparator() == null
                ? attributes : new TreeMap<>(attributes);
        ClassCheckingOutputStream checking = refusedClassListener == null ? null
                : new ClassCheckingOutputStream(buffer, policy, refusedClassListener, reported);
        try (ObjectOutputStream out = checking != null ? checking : new ObjectOutputStream(buffer)) {
            out.writeInt(sorted.size());
            for (Map.Entry<String, ?> entry : sorted.entrySet()) {
                Object value = Objects.requireNonNull(entry.getValue(), "attribute value");
                if (!(value instanceof Serializable)) {
                    throw new NotSerializableException("attribute [" + entry.getKey() + "] holds a non-serializable ["
                            + value.getClass().getName() + "]");
                }
                out.writeUTF(entry.getKey());
                if (checking != null) {
                    checking.attribute(entry.getKey());
                }
                out.writeObject(value);
            }
        }
    }

    /**
     * Deserializes attributes written by {@link #serialize}. Call only on bytes whose MAC verified.
     *
     * @param serializedAttributes the bytes
     * @return attribute names to values, unmodifiable, in name order
     * @throws UnreadableSessionException with {@link Reason#REJECTED_BY_FILTER} if a class or limit was
     *                                    refused (nothing of the refused class was loaded or instantiated), or
     *                                    {@link Reason#DESERIALIZATION_FAILED} for a missing class, an
     *                                    incompatible class or a corrupt stream
     */
    public Map<String, Object> deserialize(byte[] serializedAttributes) throws UnreadableSessionException {
        if (serializedAttributes.length > limits.maxBytes()) {
            throw new UnreadableSessionException(Reason.REJECTED_BY_FILTER, "session attributes of ["
                    + serializedAttributes.length + "] bytes exceed maxBytes [" + limits.maxBytes() + "]", null);
        }
        SessionInputFilter filter = new SessionInputFilter(policy, limits);
        try (SessionObjectInputStream in = new SessionObjectInputStream(
                new ByteArrayInputStream(serializedAttributes), classLoader, filter)) {
            int count = in.readInt();
            if (count < 0 || count > limits.maxReferences()) {
                throw new UnreadableSessionException(Reason.DESERIALIZATION_FAILED, "bad attribute count [" + count + "]", null);
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                attributes.put(name, in.readObject());
            }
            if (in.read() != -1) {
                throw new UnreadableSessionException(Reason.DESERIALIZATION_FAILED, "trailing bytes after attributes", null);
            }
            return Collections.unmodifiableMap(attributes);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            if (filter.rejection() != null) {
                throw new UnreadableSessionException(Reason.REJECTED_BY_FILTER,
                        "session attributes refused by the class filter: " + filter.rejection(), e);
            }
            throw new UnreadableSessionException(Reason.DESERIALIZATION_FAILED, "session attributes do not deserialize: " + e, e);
        }
    }

    /**
     * Serialized attributes.
     *
     * @param bytes the bytes, as {@link #serialize} returns them
     * @param hash  their hash
     */
    public record Serialized(byte[] bytes, AttributesHash hash) {
    }

    /** Builds a {@link SessionSerializer}. Not thread-safe. */
    public static final class Builder {

        private ClassLoader classLoader = SessionSerializer.class.getClassLoader();
        private final List<String> allowPatterns = new ArrayList<>();
        private Pattern allowedRegex;
        private boolean applicationClasses;
        private RefusedClassListener refusedClassListener;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private long maxReferences = DEFAULT_MAX_REFERENCES;
        private long maxArrayLength = DEFAULT_MAX_ARRAY_LENGTH;

        private Builder() {
        }

        /**
         * @param loader resolves classes (the webapp class loader); default: the loader of this class
         * @return this
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "classLoader");
            return this;
        }

        /**
         * @param patterns glob patterns allowed in addition to the JDK basics, e.g. {@code com.example.**};
         *                 known gadget types stay refused whatever the pattern
         * @return this
         * @throws IllegalArgumentException if a pattern is malformed
         */
        public Builder allow(String... patterns) {
            List<String> list = List.of(patterns);
            ClassNamePolicy.compile(list);
            allowPatterns.addAll(list);
            return this;
        }

        /**
         * @param regex Tomcat's {@code sessionAttributeValueClassNameFilter}: a class whose whole name matches
         *              is allowed (known gadget types excepted); {@code null} or empty for none
         * @return this
         * @throws java.util.regex.PatternSyntaxException if the expression is invalid
         */
        public Builder allowRegex(String regex) {
            this.allowedRegex = regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
            return this;
        }

        /**
         * @param admit whether every class that the {@linkplain #classLoader class loader} defines itself is
         *              admitted too (for a web application: its {@code WEB-INF/classes} and {@code WEB-INF/lib}),
         *              decided by the class's defining loader after loading it without initialization; known
         *              gadget types stay refused. Default {@code false}
         * @return this
         */
        public Builder applicationClasses(boolean admit) {
            this.applicationClasses = admit;
            return this;
        }

        /**
         * @param listener told when serialization meets a class that deserialization would refuse (once per
         *                 class), or {@code null} (the default) for no check on writing
         * @return this
         */
        public Builder onRefusedClass(RefusedClassListener listener) {
            this.refusedClassListener = listener;
            return this;
        }

        /**
         * @param depth largest object graph depth, 1 or more (default {@value #DEFAULT_MAX_DEPTH})
         * @param bytes largest stream, bytes, 1 or more (default 16 MiB)
         * @param references largest number of references, 1 or more (default 200000)
         * @param arrayLength largest array length, 0 or more (default 16 Mi)
         * @return this
         * @throws IllegalArgumentException if a limit is out of range
         */
        public Builder limits(int depth, long bytes, long references, long arrayLength) {
            if (depth < 1 || bytes < 1 || references < 1 || arrayLength < 0) {
                throw new IllegalArgumentException("serialization limits must be positive");
            }
            this.maxDepth = depth;
            this.maxBytes = bytes;
            this.maxReferences = references;
            this.maxArrayLength = arrayLength;
            return this;
        }

        /** @return the serializer */
        public SessionSerializer build() {
            return new SessionSerializer(this);
        }
    }
}
