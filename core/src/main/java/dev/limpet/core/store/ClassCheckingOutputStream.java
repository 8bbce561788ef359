package dev.limpet.core.store;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ObjectOutputStream} that checks every class it writes a descriptor for — exactly the classes the
 * reading side resolves — against the deserialization {@link ClassNamePolicy} and reports those it would refuse
 * to a {@link RefusedClassListener}, once per class name per {@link Reported} set. Not thread-safe (one per
 * stream); the set is.
 */
final class ClassCheckingOutputStream extends ObjectOutputStream {

    /** The class names already reported, shared by the streams of one serializer; bounded. */
    static final class Reported {
        private static final int MAX_REPORTED = 1024;
        private final Set<String> names = ConcurrentHashMap.newKeySet();

        /** @return whether {@code className} is reported for the first time (and may be reported) */
        boolean first(String className) {
            return names.size() < MAX_REPORTED && names.add(className);
        }
    }

    private final ClassNamePolicy policy;
    private final RefusedClassListener listener;
    private final Reported reported;
    private String attributeName = "";

    ClassCheckingOutputStream(OutputStream out, ClassNamePolicy policy, RefusedClassListener listener,
                              Reported reported) throws IOException {
        super(out);
        this.policy = policy;
        this.listener = listener;
        this.reported = reported;
    }

    /** @param name the attribute whose value is written next */
    void attribute(String name) {
        this.attributeName = name;
    }

    @Override
    protected void annotateClass(Class<?> type) {
        if (!policy.allows(type)) {
            Class<?> element = type;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            report(element.getName(), policy.verdict(element.getName()) == ClassNamePolicy.Verdict.GADGET);
        }
    }

    @Override
    protected void annotateProxyClass(Class<?> type) {
        report(type.getName() + " (a dynamic proxy, never deserialized)", true);
    }

    private void report(String className, boolean gadget) {
        if (reported.first(className)) {
            listener.refused(attributeName, className, gadget);
        }
    }
}
